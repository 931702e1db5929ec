# misp-guard container image (see README.md, "Docker").
# Build:  docker build -t misp-guard .
# Run:    docker run -d --name misp-guard -p 8888:8888 -p 8443:8443 \
#           -v "$PWD/config.json:/opt/misp-guard/config.json:ro" -v "$PWD/certs:/opt/misp-guard/certs" \
#           misp-guard --mode reverse:https://misp-internal.example:443 --reverse-port 8443 \
#           --reverse-hostname misp-guard.example
# The certs/ volume keeps the guard's CA across restarts: MISP hosts trust that CA, so losing it
# means installing a new one everywhere. It must be writable by uid 10001.

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 misp-guard \
 && useradd --system --uid 10001 --gid misp-guard --home-dir /opt/misp-guard --shell /usr/sbin/nologin misp-guard
WORKDIR /opt/misp-guard
COPY --from=build /src/target/misp-guard.jar target/misp-guard.jar
COPY run.sh config.json ./
RUN install -d -o misp-guard -g misp-guard -m 0700 certs \
 && install -d -o misp-guard -g misp-guard -m 0750 /var/log/misp-guard
USER misp-guard
VOLUME ["/opt/misp-guard/certs"]
EXPOSE 8888 8443
# run.sh execs java, so docker stop's SIGTERM reaches the guard: it finishes the requests in
# flight (--shutdown-timeout, 10 s by default) and exits 0. Use docker stop -t 20 or more.
ENTRYPOINT ["/opt/misp-guard/run.sh", "run", "--config", "/opt/misp-guard/config.json", "--ca-dir", "/opt/misp-guard/certs", "--listen-host", "0.0.0.0", "-p", "8888"]
CMD []
