import type { RedisDocumentRelay } from './redis-document.relay.js';

/** One person's visits to one doc that a dead instance left open. */
export interface StaleVisit {
  readonly docId: string;
  readonly userId: string;
  /** No live instance still has them on the doc: record that they left. */
  readonly gone: boolean;
}

const SEPARATOR = '\n';

/**
 * Counts each person's open visits to a doc across every instance, so
 * presence records one entry when their first tab anywhere opens and one exit
 * when their last tab anywhere closes. Each instance also counts its own share,
 * so when it dies the survivors can take exactly that share back.
 */
export class RedisVisitRegistry {
  constructor(private readonly relay: RedisDocumentRelay) {}

  /** True when this is the person's first open visit of the doc on any instance. */
  async enter(docId: string, userId: string): Promise<boolean> {
    const [[, total] = []] =
      (await this.relay.commands
        .multi()
        .hincrby(this.docKey(docId), userId, 1)
        .hincrby(this.instanceKey(this.relay.instanceId), visit(docId, userId), 1)
        .sadd(this.relay.key('collab:visitors'), this.relay.instanceId)
        .exec()) ?? [];
    return total === 1;
  }

  /** True when this closed the person's last open visit of the doc on any instance. */
  async leave(docId: string, userId: string): Promise<boolean> {
    const [[, total] = []] =
      (await this.relay.commands
        .multi()
        .hincrby(this.docKey(docId), userId, -1)
        .hincrby(this.instanceKey(this.relay.instanceId), visit(docId, userId), -1)
        .exec()) ?? [];
    const left = typeof total === 'number' && total <= 0;
    if (left) await this.relay.commands.hdel(this.docKey(docId), userId);
    return left;
  }

  /**
   * Takes back the visits of instances that died, each dead instance's share
   * by exactly one caller (it renames the share away first, which only one can).
   */
  async reapDead(): Promise<StaleVisit[]> {
    const visitors = this.relay.key('collab:visitors');
    const stale: StaleVisit[] = [];
    for (const instanceId of await this.relay.commands.smembers(visitors)) {
      if (await this.relay.isAlive(instanceId)) continue;
      const share = this.instanceKey(instanceId);
      const claimed = `${share}:reaping:${this.relay.instanceId}`;
      try {
        await this.relay.commands.rename(share, claimed);
      } catch {
        // Someone else took it, or the instance had no visits left.
        await this.relay.commands.srem(visitors, instanceId);
        continue;
      }
      const counts = await this.relay.commands.hgetall(claimed);
      for (const [field, count] of Object.entries(counts)) {
        const [docId, userId] = field.split(SEPARATOR);
        const open = Number(count);
        if (docId === undefined || userId === undefined || !(open > 0)) continue;
        const total = await this.relay.commands.hincrby(this.docKey(docId), userId, -open);
        if (total <= 0) await this.relay.commands.hdel(this.docKey(docId), userId);
        stale.push({ docId, userId, gone: total <= 0 });
      }
      await this.relay.commands.del(claimed);
      await this.relay.commands.srem(visitors, instanceId);
    }
    return stale;
  }

  private docKey(docId: string): string {
    return this.relay.key(`collab:visits:doc:${docId}`);
  }

  private instanceKey(instanceId: string): string {
    return this.relay.key(`collab:visits:instance:${instanceId}`);
  }
}

function visit(docId: string, userId: string): string {
  return `${docId}${SEPARATOR}${userId}`;
}
