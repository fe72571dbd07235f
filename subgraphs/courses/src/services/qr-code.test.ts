import { describe, expect, it } from '@jest/globals';
import QRCode from 'qrcode';
import { qrDrawing } from './qr-code.ts';

const URL = 'https://learn.example.com/certificates/7K3M-9QXT-2HVD';

describe('qrDrawing', () => {
  it("covers exactly the dark modules of qrcode's matrix, each once", () => {
    const { size, runs } = qrDrawing(URL);
    const { modules } = QRCode.create(URL, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    const drawn = Array.from({ length: size }, () => Array<number>(size).fill(0));
    for (const { row, column, length } of runs) {
      expect(length).toBeGreaterThan(0);
      for (let x = column; x < column + length; x++) drawn[row]![x]! += 1;
    }
    for (let row = 0; row < size; row++)
      for (let column = 0; column < size; column++)
        expect([row, column, drawn[row]![column]]).toEqual([row, column, modules.get(row, column)]);
  });

  it('starts with the finder pattern: a run of 7 dark modules in the top-left corner', () => {
    expect(qrDrawing(URL).runs[0]).toEqual({ row: 0, column: 0, length: 7 });
  });

  it('is the same for the same text and differs for another', () => {
    expect(qrDrawing(URL)).toEqual(qrDrawing(URL));
    expect(qrDrawing(URL)).not.toEqual(qrDrawing(`${URL}X`));
  });
});
