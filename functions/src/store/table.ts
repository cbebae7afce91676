/**
 * The one DynamoDB table of Passerelle: its key schema and indexes.
 * Read by the store (to create the table locally), by the CDK stack (to define it in AWS)
 * and by docs/data-model.md, which lists every access pattern against these names.
 */
export const TABLE_NAME_DEFAULT = 'passerelle';

export const PRIMARY_KEY = { partitionKey: 'PK', sortKey: 'SK' } as const;

/** Global secondary indexes; all project every attribute (lists are served from one Query). */
export const INDEXES = [
  { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', purpose: 'by organisation; users by e-mail' },
  {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    purpose: 'by city, type and state, in deadline order',
  },
  { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', purpose: 'by city and type; cities' },
  {
    name: 'GSI4',
    partitionKey: 'GSI4PK',
    sortKey: 'GSI4SK',
    purpose: 'milestones of a grant or partnership',
  },
] as const;

export type IndexName = (typeof INDEXES)[number]['name'];

/** Epoch seconds after which DynamoDB's TTL deletes the item (idempotency records). */
export const TTL_ATTRIBUTE = 'expiresAt';
