# kg with the embedded Kùzu library beside the binary: the binary's rpath
# is $ORIGIN, so it finds libkuzu.so in its own folder wherever it is put
# (LD_LIBRARY_PATH is set as well, for tools that run it another way).
FROM golang:1.26-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends patchelf && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# every step must succeed: a failed build fails the image
RUN set -eux; \
    CGO_ENABLED=1 go build -o /out/kg ./cmd/kg; \
    cp "$(go env GOMODCACHE)/github.com/kuzudb/go-kuzu@v0.11.2/lib/dynamic/linux-$(go env GOARCH)/libkuzu.so" /out/; \
    patchelf --set-rpath '$ORIGIN' /out/kg; \
    /out/kg --help > /dev/null

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libstdc++6 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /opt/kg/
ENV LD_LIBRARY_PATH=/opt/kg
COPY seeds /seeds
COPY queries /queries
WORKDIR /
ENTRYPOINT ["/opt/kg/kg"]
CMD ["ingest", "/seeds"]
