// Checks several EPUBs in one JVM (epubcheck's own command line takes one file, and a JVM's
// start costs seconds): prints each file's epubcheck report after a "== path" line.
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            System.out.println("== " + path);
            System.out.flush();
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {path});
            System.err.flush();
            System.out.flush();
        }
    }
}
