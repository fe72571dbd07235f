/**
 * The QR code printed on a certificate, as the PDF draws it: the dark modules of qrcode's matrix
 * as horizontal runs, one filled rectangle each. Vector squares rather than an embedded PNG: sharp
 * at any zoom or print size, smaller, and no PNG to encode (and pdfkit to decode) per request.
 */
import QRCode from 'qrcode';

export interface QrRun {
  row: number;
  column: number;
  length: number;
}

export interface QrDrawing {
  /** Modules per side (the quiet zone around them is the caller's). */
  size: number;
  runs: QrRun[];
}

export function qrDrawing(text: string): QrDrawing {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let column = 0; column <= modules.size; column++) {
      const dark = column < modules.size && modules.get(row, column) === 1;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push({ row, column: start, length: column - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}
