# Sourced by ./run-local and .ci/run: make sure java is a JDK that Spark 3.5 / Hadoop 3.3 run on (17 or 21),
# preferring JAVA_HOME, then the default java, then a JDK 17 under /usr/lib/jvm.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p'; }  # sed reads all: no early-closed pipe

select_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [[ -n "$candidate" && -x "$candidate/bin/java" && "$(java_major "$candidate/bin/java")" =~ ^(17|21)$ ]]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  return 1
}
