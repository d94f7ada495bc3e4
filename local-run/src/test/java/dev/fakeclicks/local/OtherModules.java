package dev.fakeclicks.local;

/**
 * Classes of the modules run-local drives (spark-delta-sink-job, registry-tools), which surefire adds to the
 * test classpath as plain class directories (see the pom): loaded by name, since they are not compile
 * dependencies of this module.
 */
public final class OtherModules {

    private OtherModules() {
    }

    public static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not on the test classpath: build its module first "
                    + "(mvn -B -pl local-run -am verify builds it)", e);
        }
    }
}
