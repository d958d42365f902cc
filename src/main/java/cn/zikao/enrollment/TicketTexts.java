package cn.zikao.enrollment;

import cn.zikao.platform.Problem;
import java.util.List;

/** What a candidate reads on and about the 准考证, in one place (for a message catalogue later). */
final class TicketTexts {
    private TicketTexts() {}

    static final String HEADING = "西藏自治区高等教育自学考试";
    static final String TITLE = "准 考 证";
    static final String NAME = "姓名";
    static final String GENDER = "性别";
    static final String ADMISSION_NO = "准考证号";
    static final String ID_NUMBER = "身份证号";
    static final String AREA = "考区";
    static final String MALE = "男";
    static final String FEMALE = "女";
    static final String PHOTO_MISSING = "（无照片）";
    static final List<String> COLUMNS = List.of("课程代码", "课程名称", "考试时间", "考点", "考场", "座位号");
    static final String VENUES = "考点地址";
    static final String RULES_TITLE = "考生须知";
    static final List<String> RULES = List.of(
            "考生须凭本准考证和有效居民身份证原件参加考试，二证缺一不得入场。",
            "考生应于每场考试开考前30分钟到达考场，开考15分钟后不得进入考场，考试开始30分钟后方可交卷离场。",
            "考生只准携带黑色字迹的签字笔、2B铅笔、橡皮等必要文具入场，严禁携带手机、智能手表等各种通讯工具和电子设备。",
            "考生入场后按座位号就座，将准考证和身份证放在桌面左上角，以便监考人员查验。",
            "考生须在答题卡规定位置准确填涂姓名、准考证号等信息，在规定区域内作答。",
            "考试结束铃声响起后立即停止答题，待监考人员收齐试卷、答题卡后方可离开考场。",
            "考生须遵守考场纪律，服从监考人员管理；违纪作弊者按《国家教育考试违规处理办法》处理。",
            "请妥善保管本准考证，成绩查询、办理毕业等均需使用准考证号。");

    static String room(int no) {
        return String.format("第%02d考场", no);
    }

    static String seat(int no) {
        return String.format("%02d", no);
    }

    static Problem notYet(String opensAt) {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "准考证尚未开放打印",
                opensAt == null ? "准考证打印时间尚未公布，请留意考试院通知。" : "准考证将于" + opensAt + "开放打印。");
    }

    static Problem nothingPaid() {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "没有可打印的准考证", "您在本次考试没有缴费成功的科目。");
    }

    static Problem roomsNotAssigned() {
        return new Problem(409, "TICKET_NOT_AVAILABLE", "考场尚未编排", "考场编排尚未完成，请稍后再打印准考证。");
    }
}
