# The Flex Template image, for teams that build with `docker build` instead of Jib.
#
# It is the image `mvn package jib:build` makes: the same launcher base, the shaded jar at the same
# place, the same FLEX_TEMPLATE_* environment, and no ENTRYPOINT or CMD of its own, so the base's
# launcher stays the entrypoint. DockerfileIT (run by `mvn verify`) holds this file to the Jib image
# and to the pom. Build the jar first, then the image (see docs/deploy.md):
#
#   mvn -B -DskipTests package
#   docker build -t REGION-docker.pkg.dev/PROJECT/REPOSITORY/traffic-analytics:TAG .

# The pom's template.base.image and template.base.version (a pinned release, never :latest;
# DockerfileIT holds the two equal). Pin a digest instead with
#   --build-arg LAUNCHER_BASE=gcr.io/dataflow-templates-base/java17-template-launcher-base@sha256:...
ARG LAUNCHER_BASE=gcr.io/dataflow-templates-base/java17-template-launcher-base:flex_templates_base_image_release_20260122_RC00
FROM ${LAUNCHER_BASE}

# What the launcher runs: java -cp $FLEX_TEMPLATE_JAVA_CLASSPATH $FLEX_TEMPLATE_JAVA_MAIN_CLASS,
# with Dataflow's options and the template parameters as --name=value arguments.
ENV FLEX_TEMPLATE_JAVA_MAIN_CLASS=com.trafficanalytics.TrafficAnalyticsPipeline
ENV FLEX_TEMPLATE_JAVA_CLASSPATH=/template/classpath/traffic-analytics.jar

COPY target/traffic-analytics.jar /template/classpath/traffic-analytics.jar
