/**
 * TypeBox schemas of the admin endpoints (`POST /admin/reload`, `POST /admin/items`): bodies and
 * answers, for validation and the OpenAPI document; their TypeScript types are derived from them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ID_MAX, id, type RequestLimits } from './schemas';

/** Admin reload body: optionally another model directory. */
export const reloadBody = Type.Union([
  Type.Object(
    { model: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'Model directory to load. Default: the directory the server serves now.' })) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const attributeValue = Type.Union([Type.String({ maxLength: 10_000 }), Type.Number(), Type.Null()]);

/** One item of `POST /admin/items`. */
export const newItem = Type.Object(
  {
    id: id('Item id, new to the model (409 when it is already in the catalogue or was added before).'),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: "What the item is called (the title text feature reads it). Default: its id." })),
    genres: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: ID_MAX }), { maxItems: 100, description: 'Genre (category) names. Default none.' })),
    attributes: Type.Optional(
      Type.Record(Type.String(), attributeValue, {
        maxProperties: 100,
        propertyNames: { minLength: 1, maxLength: ID_MAX },
        description: "Values of the catalogue's other columns (price, brand...) by column name; a column left out is missing (a number reads the catalogue's mean).",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Admin add-items body: `{"items": [{id, title?, genres?, attributes?}, ...]}`. */
export const addItemsBody = (l: RequestLimits) =>
  Type.Object(
    { items: Type.Array(newItem, { minItems: 1, maxItems: l.maxAddItems, description: `1..${l.maxAddItems} items, added together or not at all.` }) },
    { additionalProperties: false },
  );

/** An item of `POST /admin/items`: `id`, and optionally `title`, `genres`, `attributes`. */
export type NewItemBody = Static<typeof newItem>;
/** The body of `POST /admin/items`. */
export type AddItemsBody = Static<ReturnType<typeof addItemsBody>>;

// ---- answers ----

/** The answer of a successful `POST /admin/reload`. */
export const reloadResult = Type.Object({
  version: Type.String({ description: 'Version of the model now served.' }),
  previousVersion: Type.Union([Type.String(), Type.Null()], { description: 'Version of the model it replaced.' }),
  dir: Type.String({ description: 'Its model directory.' }),
  seconds: Type.Number({ description: 'Time to load and swap it in.' }),
});

/** The answer of a successful `POST /admin/items`. */
export const addItemsResult = Type.Object({
  version: Type.String({ description: 'Version of the model the items were added to (they are lost when another model is loaded).' }),
  added: Type.Array(Type.String(), { description: 'The ids added, in the order given.' }),
  addedItems: Type.Integer({ description: 'Items added to this model since it was loaded.' }),
  items: Type.Integer({ description: 'Items it serves now: its catalogue and the added ones.' }),
});

/** The answer of a successful reload. */
export type ReloadResult = Static<typeof reloadResult>;
/** The answer of a successful `POST /admin/items`. */
export type AddItemsResult = Static<typeof addItemsResult>;
