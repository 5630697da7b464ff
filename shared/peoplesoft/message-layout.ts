/**
 * The record and field names of the EIP messages for one site: the delivered layout (docs/peoplesoft-setup.md), with the
 * site's `peoplesoft.messageLayout` and any programmatic override merged over it, part by part.
 */
import {
  type AdjustmentLayout,
  DEFAULT_ADJUSTMENT_LAYOUT,
  DEFAULT_RECEIPT_LAYOUT,
  type ReceiptLayout,
} from './eip-xml.ts';

/** Changes to the default layout; every part is optional. */
export interface MessageLayoutOverrides {
  receipt?: Partial<ReceiptLayout>;
  adjustment?: Partial<AdjustmentLayout>;
}

/** The complete layouts the message builders use. */
interface MessageLayouts {
  receipt: ReceiptLayout;
  adjustment: AdjustmentLayout;
}

/** Copies the defined values of `over` onto `base` (an absent or undefined part keeps the default). */
function merge<T extends object>(base: T, over: Partial<T> | undefined): T {
  const out = { ...base };
  for (const [k, v] of Object.entries(over ?? {})) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** The site's layouts: defaults, then each override in order (later wins), field names merged by field. */
export function resolveMessageLayout(...overrides: (MessageLayoutOverrides | undefined)[]): MessageLayouts {
  let receipt = DEFAULT_RECEIPT_LAYOUT;
  let adjustment = DEFAULT_ADJUSTMENT_LAYOUT;
  for (const o of overrides) {
    receipt = {
      ...merge(receipt, o?.receipt),
      fieldNames: merge(receipt.fieldNames, o?.receipt?.fieldNames),
    };
    adjustment = {
      ...merge(adjustment, o?.adjustment),
      fieldNames: merge(adjustment.fieldNames, o?.adjustment?.fieldNames),
    };
  }
  return { receipt, adjustment };
}
