/** One open PeopleSoft purchase-order schedule (a row of `MLC_OPEN_PO_LINES`). */
export interface PoSchedule {
  businessUnit: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
  /** `YYYY-MM-DD`. */
  poDate: string;
  poStatus: string;
  vendorId: string;
  vendorName: string;
  itemId: string;
  unitOfMeasure: string;
  qtyPo: number;
  qtyReceived: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

/** `BU/PO_ID/LINE/SCHED`: how a schedule is named in the audit trail and on the command line. */
export function scheduleRef(s: {
  businessUnit: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
}): string {
  return `${s.businessUnit}/${s.poId}/${s.lineNumber}/${s.schedNumber}`;
}

/** Parses `BU/PO_ID/LINE/SCHED`; throws a message naming the bad part. */
export function parseScheduleRef(ref: string): {
  businessUnit: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
} {
  const parts = ref.split('/');
  const [bu, po, line, sched] = parts;
  if (parts.length !== 4 || !bu || !po || !line || !sched) {
    throw new Error(
      `"${ref}" is not a PO schedule reference; expected BU/PO_ID/LINE/SCHED, e.g. US001/0000079262/1/1`,
    );
  }
  const lineNumber = Number(line);
  const schedNumber = Number(sched);
  if (!Number.isInteger(lineNumber) || lineNumber <= 0)
    throw new Error(`line "${line}" in "${ref}" is not a positive whole number`);
  if (!Number.isInteger(schedNumber) || schedNumber <= 0)
    throw new Error(`schedule "${sched}" in "${ref}" is not a positive whole number`);
  return { businessUnit: bu, poId: po, lineNumber, schedNumber };
}
