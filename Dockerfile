# Build: Maven with Temurin 17.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# Run: Temurin 17 JRE, a non-root user, the jar and its configuration.
FROM eclipse-temurin:17-jre
# curl for the health check; a font for the captcha images drawn with java.awt
RUN apt-get update && apt-get install -y --no-install-recommends curl fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --uid 10001 zikao
WORKDIR /app
COPY --from=build /build/target/zikao.jar zikao.jar
COPY config config
USER zikao
# prod never starts embedded servers or dev providers: give ZIKAO_PG_URI, ZIKAO_REDIS_URI and the secrets
# (ZIKAO_JWT_SECRET, ZIKAO_PII_KEY, ZIKAO_PII_HMAC_KEY, ZIKAO_ALIYUN_*, ZIKAO_WECHAT_*) at run time;
# without them the service refuses to start with a one-line message naming what is missing.
ENV ZIKAO_PROFILE=prod \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# exec form: the JVM is PID 1 and gets SIGTERM, finishes in-flight requests and exits 0
ENTRYPOINT ["java", "-jar", "/app/zikao.jar"]
