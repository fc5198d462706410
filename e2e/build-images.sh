#!/usr/bin/env bash
# Builds Brook's two images and leaves them as image tarballs (docker-archive format) under
# target/images/ at the repository root, ready for `kind load image-archive` / `k3d image import`:
#
#   target/images/brook-operator.tar   the operator (Quarkus fast-jar, Jib, user 1001)
#   target/images/brook-broker.tar     the broker image (brook-agent: ZooKeeper and Kafka roles)
#
# Needs only a JDK: Jib writes the tarballs without a container engine or a registry push. Where
# podman (or buildah) exists, the broker image is built from broker-image/Dockerfile and both images
# are also loaded into podman's local store (`podman load`).
#
# Settings (environment):
#   BROOK_BASE_IMAGE      base with a Java 17+ runtime (default eclipse-temurin:17-jre, pulled from its
#                         registry). A local podman image (e.g. localhost/brook-jre:17) is saved to a tar
#                         and used offline; a path to a docker-archive .tar is used as is.
#   BROOK_OPERATOR_IMAGE  name of the operator image (default localhost/brook-operator:dev)
#   BROOK_BROKER_IMAGE    name of the broker image   (default localhost/brook-broker:dev)
#   BROOK_BROKER_BUILD    auto (Dockerfile with podman/buildah if present, else Jib), dockerfile or jib
#   BROOK_IMAGE_PLATFORMS platforms to build, e.g. linux/arm64 (default: this machine's, so kind on an arm64
#                         laptop gets arm64 images). A tarball holds one platform; several need BROOK_IMAGE_PUSH
#   BROOK_IMAGE_PUSH      true: push the images to their registries instead of writing tarballs (Jib jib:build,
#                         a multi-platform image index when several platforms are given; log in first)
#   MAVEN_ARGS            extra arguments for ./mvnw (e.g. -o when everything is in ~/.m2)
# --dry-run prints the build commands instead of running them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/target/images"
mkdir -p "$out"
base="${BROOK_BASE_IMAGE:-eclipse-temurin:17-jre}"
operator_image="${BROOK_OPERATOR_IMAGE:-localhost/brook-operator:dev}"
broker_image="${BROOK_BROKER_IMAGE:-localhost/brook-broker:dev}"
broker_build="${BROOK_BROKER_BUILD:-auto}"

say() { echo "build-images: $*"; }
fail() { echo "build-images: error: $*" >&2; exit 1; }
dry_run=false
[[ "${1:-}" == "--dry-run" ]] && dry_run=true
run() {
  if [[ "$dry_run" == true ]]; then
    echo "+ $*"
  else
    "$@"
  fi
}

# The machine's platform in OCI terms (uname -m: x86_64, aarch64/arm64).
host_arch="${BROOK_HOST_ARCH:-$(uname -m)}"
case "$host_arch" in
  x86_64 | amd64) host_platform=linux/amd64 ;;
  aarch64 | arm64) host_platform=linux/arm64 ;;
  *) fail "unknown machine architecture '$host_arch': set BROOK_IMAGE_PLATFORMS, e.g. linux/amd64" ;;
esac
platforms="${BROOK_IMAGE_PLATFORMS:-$host_platform}"
push="${BROOK_IMAGE_PUSH:-false}"
if [[ "$push" != true && "$platforms" == *,* ]]; then
  echo "build-images: error: an image tarball holds one platform, asked for $platforms; set BROOK_IMAGE_PUSH=true to push a" \
    "multi-platform image to a registry, or pick one platform" >&2
  exit 2
fi

engine=""
if command -v podman >/dev/null 2>&1; then
  engine=podman
elif command -v buildah >/dev/null 2>&1; then
  engine=buildah
fi
# podman on hosts with hybrid cgroups and low rlimits (e.g. CI containers) needs runc and explicit ulimits.
podman_run_flags=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=1000:1000)
[[ "${BROOK_PODMAN_DEFAULT_RUNTIME:-false}" == true ]] && podman_run_flags=()

# The base image for Jib: a registry reference, tar://PATH, or a local image saved to a tar first.
jib_base="$base"
local_base=false
if [[ "$base" == *.tar ]]; then
  [[ -f "$base" ]] || fail "BROOK_BASE_IMAGE=$base: no such file"
  jib_base="tar://$(cd "$(dirname "$base")" && pwd)/$(basename "$base")"
  local_base=true
elif [[ "$base" == localhost/* ]]; then
  [[ "$engine" == podman ]] || fail "BROOK_BASE_IMAGE=$base is a local image but podman is not installed"
  podman image exists "$base" || fail "BROOK_BASE_IMAGE=$base is not in podman's local store (podman images)"
  base_tar="$out/base-$(echo "$base" | tr '/:' '__').tar"
  if [[ ! -f "$base_tar" ]]; then
    say "saving local base $base to $base_tar"
    podman save --format docker-archive -o "$base_tar.tmp" "$base" >/dev/null
    mv "$base_tar.tmp" "$base_tar"
  fi
  jib_base="tar://$base_tar"
  local_base=true
fi

case "$broker_build" in
  auto) [[ -n "$engine" ]] && broker_build=dockerfile || broker_build=jib ;;
  dockerfile) [[ -n "$engine" ]] || fail "BROOK_BROKER_BUILD=dockerfile needs podman or buildah" ;;
  jib) ;;
  *) fail "BROOK_BROKER_BUILD must be auto, dockerfile or jib (was $broker_build)" ;;
esac

skip_broker_jib=false
[[ "$broker_build" == dockerfile ]] && skip_broker_jib=true

if [[ "$push" == true ]]; then
  [[ "$local_base" == true ]] && fail "BROOK_IMAGE_PUSH=true needs BROOK_BASE_IMAGE from a registry (a local base has one platform)"
  say "building and pushing $operator_image and $broker_image for $platforms (Jib) on base $base"
  # Jib's registry goal runs only in the two image modules: their dependencies are installed first.
  run bash -c "cd '$root' && ./mvnw -B -ntp ${MAVEN_ARGS:-} install -Dquick -pl operator,broker-image/agent -am"
  run bash -c "cd '$root' && ./mvnw -B -ntp ${MAVEN_ARGS:-} -Pimages -pl operator,broker-image/agent \
    -Dbrook.image.tar.phase=none -Djib.from.platforms=$platforms -Dbrook.image.base=$base \
    -Dbrook.operator.image=$operator_image -Dbrook.broker.image=$broker_image package jib:build"
  say "pushed $operator_image and $broker_image ($platforms)"
  exit 0
fi

say "building with Maven (operator image with Jib; broker image with $broker_build) for $platforms on base $base"
run bash -c "cd '$root' && ./mvnw -B -ntp ${MAVEN_ARGS:-} package -Dquick -Pimages -pl operator,broker-image/agent -am \
  -Dbrook.image.base=$jib_base -Djib.from.platforms=$platforms -Dbrook.operator.image=$operator_image \
  -Dbrook.broker.image=$broker_image -Dbrook.broker.jib.skip=$skip_broker_jib"
if [[ "$dry_run" == true ]]; then
  [[ "$broker_build" == dockerfile ]] && echo "+ $engine build --platform $platforms ... broker-image/Dockerfile"
  exit 0
fi
cp "$root/operator/target/jib-image.tar" "$out/brook-operator.tar"

if [[ "$broker_build" == jib ]]; then
  cp "$root/broker-image/agent/target/jib-image.tar" "$out/brook-broker.tar"
else
  pull=()
  [[ "$local_base" == true ]] && pull=(--pull=never)
  base_arg="$base"
  [[ "$base" == *.tar ]] && fail "BROOK_BROKER_BUILD=dockerfile needs BROOK_BASE_IMAGE as an image name, not a tar"
  say "building $broker_image from broker-image/Dockerfile with $engine"
  if [[ "$engine" == podman ]]; then
    podman build "${podman_run_flags[@]}" "${pull[@]}" --platform "$platforms" --build-arg "BASE_IMAGE=$base_arg" -t "$broker_image" \
      -f "$root/broker-image/Dockerfile" "$root/broker-image"
    rm -f "$out/brook-broker.tar"
    podman save --format docker-archive -o "$out/brook-broker.tar" "$broker_image" >/dev/null
  else
    buildah bud "${pull[@]}" --platform "$platforms" --build-arg "BASE_IMAGE=$base_arg" -t "$broker_image" -f "$root/broker-image/Dockerfile" "$root/broker-image"
    rm -f "$out/brook-broker.tar"
    buildah push "$broker_image" "docker-archive:$out/brook-broker.tar:$broker_image"
  fi
fi

if [[ "$engine" == podman ]]; then
  podman load -i "$out/brook-operator.tar" >/dev/null
  [[ "$broker_build" == jib ]] && podman load -i "$out/brook-broker.tar" >/dev/null
  say "loaded into podman: $operator_image, $broker_image"
fi
say "image tarballs:"
ls -l "$out/brook-operator.tar" "$out/brook-broker.tar" | sed 's/^/  /'
say "next: kind load image-archive $out/brook-operator.tar && kind load image-archive $out/brook-broker.tar"
say "  or: k3d image import $out/brook-operator.tar $out/brook-broker.tar -c CLUSTER   (see e2e/README.md)"
