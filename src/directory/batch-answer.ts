/**
 * Reading a 2xx `$batch` answer as data: the envelope must hold a `responses` array, each entry
 * an id (string), a status (integer), headers (strings) and a body. An item without exactly one
 * well-formed entry has no answer: its outcome is unknown (status 0), never the outer 200.
 */
import type { DirectoryFailure } from '../lockdown/request';
import type { BatchItem, ItemAnswer, SubResponse } from './batch-wire';
import { unexpectedFailure } from './graph-failure';
import { batchEnvelopeSchema, checkBody, subResponseSchema } from './graph-schemas';
import { pathOf, type RawAnswer } from './graph-transport';

/** What a 2xx `$batch` answer said about each item. */
export function itemAnswers(
  items: readonly BatchItem[],
  answer: RawAnswer,
): ReadonlyMap<string, ItemAnswer> {
  const envelope =
    answer.notJson === undefined ? checkBody(batchEnvelopeSchema, answer.body) : undefined;
  if (!envelope?.ok) {
    const why = envelope ? envelope.problem : `not JSON: ${answer.notJson}`;
    const failure = unexpectedFailure(
      `Graph's $batch answer had no well-formed responses array (${why}).`,
      answer.requestId,
    );
    const whole: ItemAnswer = { kind: 'unanswered', failure, whole: true };
    return new Map(items.map((item) => [item.id, whole]));
  }
  const entries = readEntries(envelope.value.responses, answer);
  return new Map(items.map((item) => [item.id, answerFor(item, entries, answer.requestId)]));
}

/** Per id: its entries, and what was wrong with the malformed ones that still had an id. */
interface Entries {
  readonly wellFormed: ReadonlyMap<string, SubResponse[]>;
  readonly malformed: ReadonlyMap<string, string>;
}

function readEntries(responses: readonly unknown[], answer: RawAnswer): Entries {
  const wellFormed = new Map<string, SubResponse[]>();
  const malformed = new Map<string, string>();
  for (const entry of responses) {
    const checked = checkBody(subResponseSchema, entry);
    if (!checked.ok) {
      const id = (entry as { id?: unknown } | null)?.id;
      if (typeof id === 'string') malformed.set(id, checked.problem);
      continue;
    }
    const { id, status, headers, body } = checked.value;
    const response: SubResponse = {
      id,
      status,
      headers: headers ?? {},
      body,
      ...(answer.requestId ? { batchRequestId: answer.requestId } : {}),
      ...(answer.serverTime ? { serverTime: answer.serverTime } : {}),
    };
    wellFormed.set(id, [...(wellFormed.get(id) ?? []), response]);
  }
  return { wellFormed, malformed };
}

function answerFor(item: BatchItem, entries: Entries, batchRequestId?: string): ItemAnswer {
  const what = `${item.request.method} ${pathOf(item.request.url)}`;
  const problem = entries.malformed.get(item.id);
  const found = entries.wellFormed.get(item.id) ?? [];
  let message: string | undefined;
  if (problem !== undefined) {
    message = `Graph's $batch answer for ${what} was malformed (${problem}).`;
  } else if (found.length === 0) {
    message = `Graph's $batch answer had no response for ${what}.`;
  } else if (found.length > 1) {
    message = `Graph's $batch answer had ${found.length} responses for ${what}.`;
  }
  const [response] = found;
  if (message === undefined && response) return { kind: 'answered', response };
  const failure: DirectoryFailure = unexpectedFailure(message ?? 'No answer.', batchRequestId);
  return { kind: 'unanswered', failure, whole: false };
}
