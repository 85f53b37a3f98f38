# Sourced by ./rlhf4j, ./test and .ci/run: exports JAVA_HOME pointing at a JDK >= 25.
# Order: an existing JAVA_HOME if it is new enough, then /usr/lib/jvm/*25* (and newer).
rlhf4j_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
rlhf4j_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*-25* /usr/lib/jvm/*-2[6-9]* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(rlhf4j_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "rlhf4j: no JDK 25 or newer found (checked JAVA_HOME and /usr/lib/jvm). Install one and set JAVA_HOME." >&2
  return 1
}
