# Regatta: the static SPA served by nginx, with /v2/ proxied to the registry on the same origin.
# Build the app first (`npm ci && npm run build`), then `docker build -t regatta .`.
# Run: docker run -p 8080:8080 -e REGISTRY_UPSTREAM=http://registry:5000 \
#        -v $PWD/config.json:/usr/share/nginx/html/config.json:ro regatta
# (the runtime config.json names the registries; it is served with Cache-Control: no-cache).
FROM nginx:1.27-alpine

# The image's entrypoint renders /etc/nginx/templates/*.template with envsubst (defined variables
# only) into /etc/nginx/conf.d/, replacing the stock default.conf.
ENV REGATTA_LISTEN=8080 \
    REGISTRY_UPSTREAM=http://registry:5000 \
    REGISTRY_UPSTREAM_HOST=\$http_host \
    REGATTA_CONNECT_SRC="'self'"
# An Azure Container Registry behind the same origin: -e REGISTRY_UPSTREAM=https://<name>.azurecr.io
# -e REGISTRY_UPSTREAM_HOST=<name>.azurecr.io, and config.json's registry entry names
# "upstream": "https://<name>.azurecr.io" (its token realm is then fetched via /oauth2/ here).
# A registry on another origin: -e REGATTA_CONNECT_SRC="'self' https://registry.example.com" (and
# that registry must send CORS headers, see the README). TLS: deploy/nginx-tls.conf, rendered into
# /etc/nginx/regatta.d/tls.conf (see the README's Deploy section).

COPY deploy/nginx.conf /etc/nginx/templates/default.conf.template
COPY dist/ /usr/share/nginx/html/

EXPOSE 8080
