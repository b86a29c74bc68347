import { ServingError } from '../errors';
import { segmentRows, type ServedSegmentation } from '../model/segmentations';
import type { ServingModel } from '../model/serving-model';
import { DEFAULT_SEGMENT_PAGE, MAX_SEGMENT_PAGE, type SegmentationsAnswer, type SegmentMember, type SegmentMembersAnswer, type Segmentation } from '../segment-schemas';

/** `GET /v1/segments`: every segmentation of `model`, in the manifest's order (empty without any). */
export function listSegmentations(model: ServingModel): SegmentationsAnswer {
  return { segmentations: [...model.segmentations.values()].map((s) => s.info as Segmentation) };
}

/** The segmentation of `set`, or 404 NOT_FOUND listing the sets that have one. */
function segmentationOf(model: ServingModel, set: string): ServedSegmentation {
  const seg = model.segmentations.get(set);
  if (seg !== undefined) return seg;
  const sets = [...model.segmentations.keys()];
  const have = sets.length === 0 ? 'the model served has no segmentation' : `segmented sets: ${sets.map((s) => JSON.stringify(s)).join(', ')}`;
  return notFound(`no segmentation of embedding set ${JSON.stringify(set)}: ${have} (GET /v1/segments lists them)`);
}

function notFound(message: string): never {
  throw new ServingError(404, 'NOT_FOUND', message);
}

/** `GET /v1/segments/:set`: one segmentation (404 listing the segmented sets for another). */
export function getSegmentation(model: ServingModel, set: string): Segmentation {
  return segmentationOf(model, set).info as Segmentation;
}

/** A non-negative integer query parameter, or 400 naming it. */
function intParam(query: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    const given = Array.isArray(raw) ? `given ${raw.length} times` : `got ${JSON.stringify(String(raw).slice(0, 40))}`;
    throw new ServingError(400, 'BAD_REQUEST', `query parameter ${name} must be one integer from ${min} to ${max}, ${given}: e.g. ?offset=0&limit=${DEFAULT_SEGMENT_PAGE}`, { field: `/${name}` });
  }
  return value;
}

/**
 * `GET /v1/segments/:set/:id?offset=0&limit=100`: members `offset .. offset+limit` of segment `id`
 * of the segmentation of `set`, in the set's row order, each with its id (and title, for items).
 * @throws ServingError 404 for a set without a segmentation (listing those with one) or a segment
 *   outside `0..k-1` (naming the range); 400 for an `offset` or `limit` (1..1000, default 100) that
 *   is not an integer in range, or another query parameter
 */
export function segmentMembers(model: ServingModel, set: string, id: string, query: Record<string, unknown>): SegmentMembersAnswer {
  const seg = segmentationOf(model, set);
  const k = seg.info.k;
  const s = /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  if (!(s < k)) notFound(`segmentation of ${JSON.stringify(set)} has no segment ${JSON.stringify(id.slice(0, 40))}: its segments are 0..${k - 1}`);
  const unknown = Object.keys(query).filter((key) => key !== 'offset' && key !== 'limit');
  if (unknown.length > 0) throw new ServingError(400, 'BAD_REQUEST', `unknown query parameter ${JSON.stringify(unknown[0]!.slice(0, 40))}: the members of a segment take offset and limit only`, { field: `/${unknown[0]!.slice(0, 40)}` });
  const offset = intParam(query, 'offset', 0, 1_000_000_000, 0);
  const limit = intParam(query, 'limit', 1, MAX_SEGMENT_PAGE, DEFAULT_SEGMENT_PAGE);
  const rows = segmentRows(seg, s);
  const page = rows.subarray(Math.min(offset, rows.length), Math.min(offset + limit, rows.length));
  const rec = model.recommender;
  const members: SegmentMember[] = Array.from(page, (row) => {
    const memberId = seg.ids[row]!;
    if (seg.of !== 'items') return { id: memberId };
    const i = rec.itemIndex(memberId);
    return i >= 0 ? { id: memberId, title: rec.catalogue.titles[i]! } : { id: memberId };
  });
  return { set, of: seg.of, segment: s, size: rows.length, offset, limit, members };
}
