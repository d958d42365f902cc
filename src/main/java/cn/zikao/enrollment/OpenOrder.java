package cn.zikao.enrollment;

import java.util.UUID;

/** An UNPAID or PAYING order as the gateway steps need it. */
public record OpenOrder(UUID orderId, String outTradeNo, long candidateId, String sittingCode, String areaCode,
                        int totalFen, String provider, String codeUrl) {}
