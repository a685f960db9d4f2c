/** BullMQ queues of the pipeline: intake unpacks a batch, receipts are checked in chunks, finalize reports. */
export const queueNames = {
  intake: 'intake',
  receipts: 'receipts',
  finalize: 'finalize',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** Deterministic job ids make re-adding after a crash a no-op. BullMQ ids may not contain ':'. */
export const jobIds = {
  intake: (batchId: string) => `intake-${batchId}`,
  receiptChunk: (batchId: string, chunkIndex: number) => `receipts-${batchId}-${chunkIndex}`,
  finalize: (batchId: string) => `finalize-${batchId}`,
};
