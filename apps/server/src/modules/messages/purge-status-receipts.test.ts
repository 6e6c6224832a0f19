import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../testing/test-database';
import { statusReceipts } from './messages.schema';
import { purgeStatusReceipts } from './purge-status-receipts.job';

describe.each(databaseKinds())('purging provider status receipts on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t?.dispose());

  it('drops applied receipts after 7 days and held ones after 30, keeping the rest', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const receipt = (key: string, receivedDaysAgo: number, applied: boolean) => ({
      id: `rcp_${key}`,
      provider: 'p',
      providerMessageId: `pm_${key}`,
      status: 'delivered',
      eventKey: key,
      occurredAt: daysAgo(receivedDaysAgo),
      receivedAt: daysAgo(receivedDaysAgo),
      appliedAt: applied ? daysAgo(receivedDaysAgo) : null,
    });
    await t.database.db
      .insert(statusReceipts)
      .values([
        receipt('applied-old', 8, true),
        receipt('applied-recent', 6, true),
        receipt('held-old', 31, false),
        receipt('held-recent', 8, false),
      ]);
    expect(await purgeStatusReceipts(t.database.db)).toBe(2);
    const left = await t.database.db.select({ key: statusReceipts.eventKey }).from(statusReceipts);
    expect(left.map((r) => r.key).sort()).toEqual(['applied-recent', 'held-recent']);
  });
});
