#!/usr/bin/env bash
# Builds the portal's starter images locally. Nothing can be pulled from a
# public registry here, so each image is a root filesystem made on this
# machine and handed to `docker import`.
#   scripts/build-images.sh           build the images that are missing
#   scripts/build-images.sh --force   rebuild them all
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The images this script owns, in build order. To add one: write a
# build_<name> function below and list it here.
IMAGES=(portal/shell:latest portal/python:latest portal/notebook:latest)

# An imported image has no environment of its own.
IMAGE_PATH='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
DEBIAN_SUITE=bookworm
BUILD_ROOT="$PORTAL_STATE/build"
CACHE_DIR="$PORTAL_STATE/cache"
BASE_TARBALL="$CACHE_DIR/debian-$DEBIAN_SUITE-minbase.tar"

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) die "unknown argument: $arg (usage: scripts/build-images.sh [--force])" ;;
  esac
done

require_debian_root
require_command debootstrap debootstrap
docker_ping || die "the docker engine does not answer; run scripts/start-docker.sh first"
mkdir -p "$BUILD_ROOT" "$CACHE_DIR" "$PORTAL_STATE/logs"
# Two concurrent runs would debootstrap into the same cache file.
exec 9>"$BUILD_ROOT/.lock"
flock 9

# ---- clean-up of build folders ----------------------------------------------
# Build folders can hold a mounted /proc (and debootstrap's own mounts when it
# is interrupted). Unmount everything under them before deleting, and never
# delete a folder that still has a mount inside: rm -rf would follow it.
BUILD_DIRS=()

unmount_under() {
  local dir="$1" mnt
  # Deepest mounts first.
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt"
    done
}

remove_build_dir() {
  local dir="$1"
  [[ -d "$dir" ]] || return 0
  unmount_under "$dir"
  if awk -v d="$dir" 'index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    log "warning: $dir still has mounts inside; not removing it"
    return 0
  fi
  rm -rf "$dir"
}

cleanup() {
  local dir
  for dir in "${BUILD_DIRS[@]}"; do
    remove_build_dir "$dir"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# new_build_dir NAME: makes a fresh folder, sets BUILD_DIR to it and
# remembers it for clean-up (not echoed: a $(...) subshell would lose the
# BUILD_DIRS entry).
new_build_dir() {
  BUILD_DIR="$(mktemp -d "$BUILD_ROOT/$1.XXXXXX")"
  chmod 755 "$BUILD_DIR"
  BUILD_DIRS+=("$BUILD_DIR")
}

# ---- portal/shell: busybox only ---------------------------------------------

build_portal_shell() {
  local rootfs applet
  # A dynamically linked busybox (package busybox) would not run in an
  # image that has no libc; busybox-static's does.
  if ldd /bin/busybox >/dev/null 2>&1; then
    die "/bin/busybox is dynamically linked; apt-get install busybox-static"
  fi
  new_build_dir shell
  rootfs="$BUILD_DIR"
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/root" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  while read -r applet; do
    [[ "$applet" == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
  done < <(/bin/busybox --list)
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$rootfs/etc/group"
  tar --numeric-owner -C "$rootfs" -c . |
    docker import \
      -c "ENV $IMAGE_PATH" \
      -c 'CMD ["sh"]' \
      -c 'LABEL org.opencontainers.image.title=portal-shell' \
      - portal/shell:latest >/dev/null
  remove_build_dir "$rootfs"
}

# ---- Debian images: debootstrap base + packages -------------------------------

# The mirror apt itself uses: the URIs of the deb822 stanza for the plain
# suite (debian.sources may carry a snapshot comment line and a -security
# stanza), else the first matching deb line of a classic sources.list.
debian_mirror() {
  local mirror=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    mirror="$(awk -v suite="$DEBIAN_SUITE" 'BEGIN { RS = "" }
      {
        uri = ""; ok = 0
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) {
          if (lines[i] ~ /^URIs:/) { split(lines[i], f, " "); uri = f[2] }
          if (lines[i] ~ /^Suites:/) { m = split(lines[i], s, " "); for (j = 2; j <= m; j++) if (s[j] == suite) ok = 1 }
        }
        if (ok && uri != "") { print uri; exit }
      }' /etc/apt/sources.list.d/debian.sources)"
  elif [[ -r /etc/apt/sources.list ]]; then
    mirror="$(awk -v suite="$DEBIAN_SUITE" '$1 == "deb" {
        for (i = 2; i < NF; i++) if ($i ~ /^[a-z]+:\/\// && $(i + 1) == suite) { print $i; exit }
      }' /etc/apt/sources.list)"
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# A minbase bookworm root filesystem, made once and kept as a tarball so that
# each Debian image (and a later rebuild) starts from it without debootstrap.
ensure_base_tarball() {
  local rootfs mirror started
  [[ -f "$BASE_TARBALL" ]] && return 0
  mirror="$(debian_mirror)"
  new_build_dir debootstrap
  rootfs="$BUILD_DIR"
  log "debootstrap --variant=minbase $DEBIAN_SUITE from $mirror"
  started="$(now)"
  debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$mirror" >"$PORTAL_STATE/logs/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see $PORTAL_STATE/logs/debootstrap.log"
  # The image's apt uses the same sources as the host's.
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/"
    rm -f "$rootfs/etc/apt/sources.list"
  elif [[ -r /etc/apt/sources.list ]]; then
    cp /etc/apt/sources.list "$rootfs/etc/apt/sources.list"
  fi
  # debootstrap leaves the downloaded .debs behind; the images do not need them.
  rm -f "$rootfs"/var/cache/apt/archives/*.deb
  tar --numeric-owner -C "$rootfs" -cf "$BASE_TARBALL.tmp" .
  mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
  remove_build_dir "$rootfs"
  log "cached the $DEBIAN_SUITE base in $BASE_TARBALL ($(elapsed_since "$started"))"
}

# build_debian_image IMAGE TITLE CMD PACKAGE...
# Unpacks the base, installs the packages inside it with the image's own apt
# (which resolves dependencies; debootstrap --include does not always), and
# imports the result.
build_debian_image() {
  local image="$1" title="$2" cmd="$3"
  shift 3
  local rootfs
  ensure_base_tarball
  new_build_dir "$title"
  rootfs="$BUILD_DIR"
  tar --numeric-owner -C "$rootfs" -xf "$BASE_TARBALL"
  # Name resolution for apt inside the chroot; Docker provides its own
  # resolv.conf at run time, so it is removed again below.
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  # Keep package scripts from starting services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod +x "$rootfs/usr/sbin/policy-rc.d"
  mount -t proc proc "$rootfs/proc"
  # Chained with &&: set -e does not apply inside a block tested with ||.
  {
    chroot "$rootfs" apt-get update -q &&
      chroot "$rootfs" apt-get install -y -q --no-install-recommends "$@" &&
      chroot "$rootfs" apt-get clean
  } >"$PORTAL_STATE/logs/build-$title.log" 2>&1 ||
    die "installing $* into $image failed; see $PORTAL_STATE/logs/build-$title.log"
  umount "$rootfs/proc"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs/usr/sbin/policy-rc.d" "$rootfs/etc/resolv.conf"
  tar --numeric-owner -C "$rootfs" -c . |
    docker import \
      -c "ENV $IMAGE_PATH" \
      -c 'ENV LANG=C.UTF-8' \
      -c "CMD [\"$cmd\"]" \
      -c "LABEL org.opencontainers.image.title=$title" \
      - "$image" >/dev/null
  remove_build_dir "$rootfs"
}

# A later image is one more function and an IMAGES entry.
build_portal_python() {
  build_debian_image portal/python:latest portal-python bash \
    python3 bash procps ca-certificates
}

# Jupyter Notebook 6.4 with numpy (about 570 MB). The "Jupyter notebook"
# template starts it with its proxy path as base URL; jupyter-notebook adds
# the `jupyter notebook` launcher the lab's own commands use.
build_portal_notebook() {
  require_free_space 2 portal/notebook:latest
  build_debian_image portal/notebook:latest portal-notebook bash \
    python3 bash procps ca-certificates python3-notebook python3-numpy jupyter-notebook
}

# require_free_space GIB IMAGE: stop before a large build fills Docker's disk
# (the unpacked root, its tar stream and the imported layer all need room).
require_free_space() {
  local gib="$1" image="$2" root free_kib
  root="$(docker info --format '{{.DockerRootDir}}' 2>/dev/null || echo /var/lib/docker)"
  free_kib="$(df -Pk "$root" | awk 'NR == 2 { print $4 }')"
  if ((free_kib < gib * 1024 * 1024)); then
    die "building $image needs about $gib GiB free under $root; $((free_kib / 1024)) MiB are free"
  fi
}

# ---- main ---------------------------------------------------------------------

image_present() {
  docker image inspect "$1" >/dev/null 2>&1
}

for image in "${IMAGES[@]}"; do
  if [[ "$force" -eq 0 ]] && image_present "$image"; then
    log "image $image is present (--force rebuilds it)"
    continue
  fi
  # portal/shell:latest -> build_portal_shell
  name="${image%%:*}"
  builder="build_${name//\//_}"
  log "building $image"
  started="$(now)"
  previous_id="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  "$builder"
  # A rebuild leaves the old image untagged; drop it unless a container uses it.
  if [[ -n "$previous_id" && "$previous_id" != "$(docker image inspect --format '{{.Id}}' "$image")" ]]; then
    docker image rm "$previous_id" >/dev/null 2>&1 || true
  fi
  log "built $image in $(elapsed_since "$started") ($(docker image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
done
