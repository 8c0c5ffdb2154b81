# The release build as a container image: built with the Rust toolchain, run on slim Debian.
#
#   docker build -t intastellar-leptos .
#   docker run -p 8080:8080 -e APP_BASE_URL=https://your.site -e TRUSTED_PROXIES=... \
#     -e OIDC_ISSUER_URL=... -e OIDC_CLIENT_ID=... -e OIDC_CLIENT_SECRET=... \
#     -e DATABASE_URL=postgres://... intastellar-leptos
#
# scripts/release builds and runs the same binary and site files laid out the same way, with
# the ENV lines below (it reads them from this file), and scripts/test runs it, so the steps
# are tested on machines without a container engine.

FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown
# npm brings binaryen's wasm-opt, which release builds run on the wasm; brotli precompresses
# the site's files. scripts/site builds the site as `cargo leptos build` would, without it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm brotli \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The wasm-bindgen CLI must be exactly the library version in Cargo.lock, or the generated
# JavaScript does not match the wasm. Layers above this line are reused until the lock changes.
COPY Cargo.lock ./
RUN version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock) \
    && cargo install wasm-bindgen-cli --locked --version "$version"
COPY end2end/package.json end2end/package-lock.json end2end/
RUN cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
ENV PATH=/src/end2end/node_modules/.bin:$PATH
COPY . .
# Hashed file names (listed in target/release/hash.txt) and .br/.gz siblings, and no
# development IdP in the server: see scripts/site.
RUN scripts/site release

FROM debian:bookworm-slim
RUN useradd --system --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /src/target/release/server /src/target/release/hash.txt /app/
COPY --from=build /src/target/site /app/site
# With SQLite (the default DATABASE_URL), the database lives here: mount a volume on it.
RUN mkdir /app/data && chown app /app/data
VOLUME /app/data
USER app
ENV LEPTOS_OUTPUT_NAME=intastellar-leptos
ENV LEPTOS_SITE_ROOT=site
ENV LEPTOS_SITE_PKG_DIR=pkg
ENV LEPTOS_HASH_FILES=true
ENV LEPTOS_SITE_ADDR=0.0.0.0:8080
ENV LEPTOS_ENV=PROD
# The server's allocator (mimalloc) commits memory as it is used and hands back what it frees
# at once, rather than committing whole arenas up front: about 8 MB less resident under load.
ENV MIMALLOC_ARENA_EAGER_COMMIT=0
ENV MIMALLOC_PURGE_DELAY=0
# Secrets and the site's own settings come from `docker run -e` (or your orchestrator), never
# from a file in the image: the image has no .env.
ENV DOTENV_DISABLED=1
EXPOSE 8080
CMD ["/app/server"]
