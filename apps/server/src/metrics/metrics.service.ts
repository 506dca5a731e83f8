import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CollabMetrics } from '../collab/collab.endpoint.js';
import type { CollabMeter } from '../collab/collab.types.js';
import { ProjectionRunner } from '../projections/projection-runner.js';

const PREFIX = 'commonplace_';

/**
 * The server's Prometheus metrics, in a registry of its own (never the global
 * one), so two apps in one process (tests, a restart) do not collide. Counters
 * move on the hot path; gauges are read when scraped.
 */
@Injectable()
export class Metrics implements CollabMeter {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly updatesReceived: Counter;
  private readonly bytesReceived: Counter;
  private readonly updatesRelayed: Counter;
  private readonly bytesPersisted: Counter;
  private readonly flushDuration: Histogram;
  private collabSource: (() => CollabMetrics) | null = null;

  constructor(private readonly projections: ProjectionRunner) {
    const registers = [this.registry];
    this.updatesReceived = new Counter({
      name: `${PREFIX}collab_updates_received_total`,
      help: 'Document updates received from clients and applied.',
      registers,
    });
    this.bytesReceived = new Counter({
      name: `${PREFIX}collab_update_bytes_received_total`,
      help: 'Bytes of document updates received from clients and applied.',
      registers,
    });
    this.updatesRelayed = new Counter({
      name: `${PREFIX}collab_updates_relayed_total`,
      help: 'Document updates sent on to other connections (one per receiving connection).',
      registers,
    });
    this.bytesPersisted = new Counter({
      name: `${PREFIX}collab_persisted_bytes_total`,
      help: 'Bytes of merged document updates stored in the event log.',
      registers,
    });
    this.flushDuration = new Histogram({
      name: `${PREFIX}collab_flush_duration_seconds`,
      help: 'Time to store one merged batch of an author’s updates (the append that succeeded).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const collab = (): CollabMetrics | null => this.collabSource?.() ?? null;
    new Gauge({
      name: `${PREFIX}collab_open_documents`,
      help: 'Documents loaded in memory on this instance.',
      registers,
      collect() {
        this.set(collab()?.documents ?? 0);
      },
    });
    new Gauge({
      name: `${PREFIX}collab_connections`,
      help: 'Open collaboration connections on this instance.',
      registers,
      collect() {
        this.set(collab()?.connections ?? 0);
      },
    });
    new Gauge({
      name: `${PREFIX}collab_pending_changes`,
      help: 'Changes received but not yet confirmed stored.',
      registers,
      collect() {
        this.set(collab()?.pendingChanges ?? 0);
      },
    });
    const readLag = () => this.projections.status();
    const logger = this.logger;
    new Gauge({
      name: `${PREFIX}projection_lag_events`,
      help: 'Log positions a projection has yet to process (head − checkpoint).',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        try {
          for (const status of await readLag()) this.set({ projection: status.name }, status.lag);
        } catch (error) {
          // A scrape must still answer when the store is down; the lag is then absent, not stale.
          logger.warn(`Could not read projection lag for metrics: ${String(error)}`);
        }
      },
    });
  }

  /** Where the open documents and connections are read from when scraped. */
  observeCollab(source: () => CollabMetrics): void {
    this.collabSource = source;
  }

  updateReceived(bytes: number): void {
    this.updatesReceived.inc();
    this.bytesReceived.inc(bytes);
  }

  updateRelayed(connections: number): void {
    this.updatesRelayed.inc(connections);
  }

  changeStored(bytes: number, durationMs: number): void {
    this.bytesPersisted.inc(bytes);
    this.flushDuration.observe(durationMs / 1000);
  }
}
