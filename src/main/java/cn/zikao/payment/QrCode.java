package cn.zikao.payment;

import cn.zikao.platform.Png;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Base64;
import java.util.Map;

/** The code URL drawn as a two-tone QR code PNG (base64, {@link Png}). CPU work: call it on the worker pool. */
final class QrCode {
    private static final int SIZE = 280;

    private QrCode() {}

    static String pngBase64(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            return Base64.getEncoder().encodeToString(Png.twoTone(m.getWidth(), m.getHeight(), m::get));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code", e);
        }
    }
}
