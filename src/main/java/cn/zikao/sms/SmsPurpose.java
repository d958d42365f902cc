package cn.zikao.sms;

/** What a code is for; a code is good only for the purpose (and phone) it was sent for. */
public enum SmsPurpose {
    REGISTER, PROFILE, LOGIN, RESET_PASSWORD;

    /** LOGIN and RESET_PASSWORD go to phones already bound, and must not tell whether one is. */
    boolean forBoundPhone() {
        return this == LOGIN || this == RESET_PASSWORD;
    }

    static SmsPurpose parse(String s) {
        for (SmsPurpose p : values()) {
            if (p.name().equals(s)) {
                return p;
            }
        }
        return null;
    }
}
