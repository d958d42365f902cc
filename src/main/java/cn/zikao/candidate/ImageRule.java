package cn.zikao.candidate;

/** What an uploaded image must be: a JPEG of at most {@code maxBytes}, within (or exactly) these dimensions. */
enum ImageRule {
    ID_CARD(100 * 1024, 200, 120, 2048, 2048, false),
    PHOTO(50 * 1024, 480, 640, 480, 640, true);

    final int maxBytes;
    final int minWidth;
    final int minHeight;
    final int maxWidth;
    final int maxHeight;
    final boolean exact;

    ImageRule(int maxBytes, int minWidth, int minHeight, int maxWidth, int maxHeight, boolean exact) {
        this.maxBytes = maxBytes;
        this.minWidth = minWidth;
        this.minHeight = minHeight;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.exact = exact;
    }
}
