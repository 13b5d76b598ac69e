# kg with the embedded Kùzu library beside the binary ($ORIGIN rpath).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -o /out/kg ./cmd/kg \
 && cp "$(go env GOMODCACHE)"/github.com/kuzudb/go-kuzu@v0.11.2/lib/dynamic/linux-$(go env GOARCH)/libkuzu.so /out/ \
 && patchelf --set-rpath '$ORIGIN' /out/kg 2>/dev/null || true

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libstdc++6 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /opt/kg/
ENV LD_LIBRARY_PATH=/opt/kg
COPY seeds /seeds
COPY queries /queries
ENTRYPOINT ["/opt/kg/kg"]
CMD ["ingest", "/seeds"]
