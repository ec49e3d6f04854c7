// Reading the chain's typed events (proto messages emitted with
// EmitTypedEvent, e.g. azora.pivc.v1.EventFeeCaptured) from a transaction's
// or a block's events. Each attribute value is the JSON of one field, so
// strings arrive quoted and coins as JSON arrays.
import type { Event } from "@cosmjs/stargate";

/** A typed event with its fields decoded from JSON (snake_case keys, as emitted). */
export type TypedEvent = Record<string, unknown>;

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // an SDK event attribute that is not JSON
  }
}

/** typedEvents returns every event of the given type, its attributes decoded (msg_index included). */
export function typedEvents(events: readonly Event[], type: string): TypedEvent[] {
  return events
    .filter((e) => e.type === type)
    .map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, decode(a.value)])));
}
