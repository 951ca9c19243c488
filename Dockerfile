# Container recipe for docusign-camel (see README, "Going live").
#   docker build -t docusign-camel .
#   docker run -p 8080:8080 docusign-camel              # the embedded emulator: no DocuSign account needed
#   docker run --rm docusign-camel doctor               # any command of the jar: doctor, emulator, --help
# Against DocuSign, mount your application.properties over /opt/docusign-camel/application.properties (or set
# DOCUSIGN_* variables), the private key as a secret file, and pass secrets as environment variables from the
# orchestrator's secret store.

# --- Build: the same command as on a workstation ----------------------------------------------------------------------
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml application.properties ./
COPY src ./src
RUN mvn -B -q package -DskipTests

# --- Run: a JRE only, as a non-root user ----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# A fixed numeric id, so that Kubernetes' runAsNonRoot can check it and volume ownership is predictable.
RUN groupadd --system --gid 10001 docusign-camel \
 && useradd --system --uid 10001 --gid docusign-camel --home-dir /opt/docusign-camel --no-create-home \
      --shell /usr/sbin/nologin docusign-camel
# The working directory: ./application.properties, routes/ and the inbox/, outbox/, data/ folders are relative to it.
WORKDIR /opt/docusign-camel
COPY --from=build /build/target/docusign-camel.jar ./docusign-camel.jar
COPY application.properties ./
COPY routes ./routes
COPY samples ./samples
# Created (and owned by the service user) before VOLUME, so that a new named volume starts with that owner.
RUN mkdir inbox outbox data && chown docusign-camel:docusign-camel inbox outbox data
VOLUME ["/opt/docusign-camel/inbox", "/opt/docusign-camel/outbox", "/opt/docusign-camel/data"]
USER 10001:10001

# JAVA_OPTS: JVM options (the heap follows the container's memory limit). LOG_LEVEL: INFO, DEBUG, WARN.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    LOG_LEVEL=INFO \
    HTTP_PORT=8080
# Health (/observe/health/live, /observe/health/ready), metrics (/observe/metrics) and the Connect listener.
EXPOSE 8080

# No HEALTHCHECK: the JRE image has no curl or wget. Let the orchestrator probe over HTTP instead (Kubernetes
# httpGet: liveness /observe/health/live, readiness /observe/health/ready). For plain Docker, bash can do it:
#   --health-cmd 'bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf \"GET /observe/health/live HTTP/1.0\r\n\r\n\" >&3 && head -n1 <&3 | grep -q \" 200 \""'

# exec: java is PID 1 and gets SIGTERM from "docker stop" (then exits 143 after camel.main.shutdown-timeout, 30 s at
# most: give it docker stop -t 45, or a termination grace period of 45 s). Arguments after the image name are the
# jar's command.
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/docusign-camel/docusign-camel.jar \"$@\"", "docusign-camel"]
