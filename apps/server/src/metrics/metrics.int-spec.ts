import { expect, it } from '@jest/globals';
import { waitFor } from '../collab/collab.testing.js';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { WorkspaceCollab } from '../documents/workspace-collab.service.js';

/** The value of one sample in Prometheus text format, or undefined when it is absent. */
function sample(exposition: string, name: string, labels = ''): number | undefined {
  const line = exposition
    .split('\n')
    .find((candidate) => candidate.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

await describeOnEveryStore('the metrics endpoint', (openStore) => {
  const harness = appHarness(openStore);

  it('exposes collaboration and projection metrics in Prometheus format, and they move with an edit', async () => {
    const { app, url } = await harness.start();
    const scrape = async () => {
      const response = await harness.client(url)<string>('GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
      return response.text;
    };

    const before = await scrape();
    for (const name of [
      'commonplace_collab_open_documents',
      'commonplace_collab_connections',
      'commonplace_collab_updates_received_total',
      'commonplace_collab_updates_relayed_total',
      'commonplace_collab_persisted_bytes_total',
      'commonplace_collab_flush_duration_seconds_count',
    ]) {
      expect(sample(before, name)).toBe(0);
    }
    expect(before).toContain('# TYPE commonplace_collab_flush_duration_seconds histogram');
    expect(sample(before, 'commonplace_projection_lag_events', 'projection="roster"')).toBe(0);
    expect(sample(before, 'commonplace_projection_lag_events', 'projection="activity"')).toBe(0);

    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId ?? '';
    const anaDoc = harness.connectDoc(url, docId, ana.token);
    const benDoc = harness.connectDoc(url, docId, ben.token);
    await waitFor(() => anaDoc.provider.synced && benDoc.provider.synced, 10_000, 'both synced');
    anaDoc.text.insert(0, 'Rivers carry sediment.');
    await waitFor(
      () => benDoc.text.toString() === 'Rivers carry sediment.',
      10_000,
      'ben to see the edit',
    );
    await app.nest.get(WorkspaceCollab).endpoint.flushAll();

    const after = await scrape();
    expect(sample(after, 'commonplace_collab_open_documents')).toBe(1);
    expect(sample(after, 'commonplace_collab_connections')).toBe(2);
    expect(sample(after, 'commonplace_collab_updates_received_total')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'commonplace_collab_updates_relayed_total')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'commonplace_collab_persisted_bytes_total')).toBeGreaterThan(22);
    expect(sample(after, 'commonplace_collab_flush_duration_seconds_count')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(after, 'commonplace_collab_pending_changes')).toBe(0);
  }, 60_000);
});
