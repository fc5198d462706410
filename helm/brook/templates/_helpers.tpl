{{/*
Names and labels of the Brook chart. Every template takes its names and labels from here.
*/}}

{{- define "brook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "brook.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "brook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable for the life of the release (a Deployment selector is immutable). */}}
{{- define "brook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "brook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object the chart creates. */}}
{{- define "brook.labels" -}}
helm.sh/chart: {{ include "brook.chart" . }}
{{ include "brook.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: brook
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "brook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "brook.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "brook.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "brook.brokerImage" -}}
{{- printf "%s:%s" .Values.brokerImage.repository (default .Chart.AppVersion .Values.brokerImage.tag) }}
{{- end }}

{{/*
Namespaces the operator watches when it is not cluster-wide: the listed ones, else the release
namespace. Returned as a comma list (the format of QUARKUS_OPERATOR_SDK_NAMESPACES).
*/}}
{{- define "brook.watchedNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- else }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/* Fails rendering on contradictory settings, with a message saying what to change. */}}
{{- define "brook.validateValues" -}}
{{- if and .Values.clusterWide .Values.watchNamespaces }}
{{- fail "clusterWide=true watches every namespace: leave watchNamespaces empty, or set clusterWide=false to watch only the listed namespaces" }}
{{- end }}
{{- range .Values.watchNamespaces }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" .) }}
{{- fail (printf "watchNamespaces: %q is not a valid namespace name" .) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The operator's rights on the namespaced objects it manages: used by the per-namespace Roles and by
the cluster-wide ClusterRole alike, so the two can never drift apart. Server-side apply needs
`patch` (and `create`) on every kind the operator applies.
*/}}
{{- define "brook.operatorRules" -}}
- apiGroups: ["brook.dev"]
  resources: ["clusters", "topics", "consumergroups", "users"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["brook.dev"]
  resources: ["clusters/status", "topics/status", "consumergroups/status", "users/status", "clusters/finalizers", "topics/finalizers",
              "consumergroups/finalizers", "users/finalizers"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Each cluster's NetworkPolicies (values: networkPolicies.enabled).
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The clusters' CAs, certificates and their Secrets, each User's Secret (and a CA or password Secret a user names, read only).
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Storage expansion patches claims; deleteClaim: true deletes them. Claims are created by the StatefulSets.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "patch", "delete"]
# Rolling restarts delete one pod at a time; the StatefulSet controller recreates it.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "delete"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The ClusterRole the brokers' rack init container gets through the operator's per-cluster bindings. */}}
{{- define "brook.rackClusterRole" -}}
{{ include "brook.fullname" . }}-broker-rack
{{- end }}
