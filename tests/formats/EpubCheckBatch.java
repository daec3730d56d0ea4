// Checks several EPUBs in one JVM (epubcheck's own command line takes one file, and a JVM's
// start costs seconds): prints each file's epubcheck report after a "== path" line.
public class EpubCheckBatch {
    public static void main(String[] args) {
        System.setErr(System.out);  // one stream, so each message follows its file's header
        for (String path : args) {
            System.out.println("== " + path);
            System.out.flush();
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {path});
            System.err.flush();
            System.out.flush();
        }
    }
}
