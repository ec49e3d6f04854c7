# syntax=docker/dockerfile:1
#
# The Nexus node image: nexusd built by scripts/release.sh as `make release`
# builds it (static, -trimpath, -buildvcs=false, version and commit from the
# build args),
# on a small Debian base, running as an unprivileged user whose home holds
# the node's home (~/.nexus). See docs/releases.md.
#
#   docker build -t nexusd:$(git describe --tags --always) \
#     --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg COMMIT=$(git rev-parse HEAD) .
#
# BuildKit (the default builder since Docker 23) is required. The build stage
# runs on the builder's own platform and cross-compiles for the target, so
#   docker buildx build --platform linux/amd64,linux/arm64 ...
# builds both images without emulating the compiler.

ARG GO_VERSION=1.26.8

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=unknown
ARG COMMIT=unknown
# Set by BuildKit from --platform (default: the builder's platform).
ARG TARGETOS
ARG TARGETARCH
# The release script, so the image's nexusd is the release binary of the same
# version, commit and Go version, byte for byte.
RUN PLATFORMS="${TARGETOS}/${TARGETARCH}" BINARIES=nexusd RELEASE_DIR=/out \
    VERSION="${VERSION}" COMMIT="${COMMIT}" bash scripts/release.sh \
 && cp "/out/nexusd-${VERSION}-${TARGETOS}-${TARGETARCH}" /out/nexusd

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 nexus \
 && useradd --system --uid 10001 --gid nexus --create-home --home-dir /home/nexus nexus \
 && install -d -o nexus -g nexus -m 700 /home/nexus/.nexus
COPY --from=build /out/nexusd /usr/local/bin/nexusd
COPY LICENSE /usr/share/doc/nexusd/LICENSE
USER nexus
WORKDIR /home/nexus
# The node's home: keys, config and data. Mount a volume here (a named
# volume takes this directory's owner; a bind mount must be owned by uid
# 10001).
VOLUME ["/home/nexus/.nexus"]
# P2P, CometBFT RPC, Prometheus, REST, gRPC.
EXPOSE 26656 26657 26660 1317 9090
ENTRYPOINT ["nexusd"]
CMD ["start"]
