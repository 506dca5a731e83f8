import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type {
  AttributedUpdate,
  CommentThread,
  DocumentReplayPage,
  SubmissionView,
} from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import type { ApiClient } from '../api/api-client';
import { ErrorMessage, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';
import { useResource } from '../ui/use-resource';
import type { HistoryAuthor } from './history-view';
import { HistoryView } from './history-view';
import './history.css';
import { ReplayEngine } from './replay-engine';
import { useAuthorStyles } from '../workspace/user-color';

interface LoadedHistory {
  engine: ReplayEngine;
  authors: HistoryAuthor[];
  times: string[];
  submissions: SubmissionView[];
  comments: CommentThread[];
}

/** A workspace's history replay: its title, back link, and the replay of its document. */
export default function HistoryPage() {
  const { docId = '' } = useParams();
  const { api } = useSession();
  const { t } = useTranslation('history');
  const workspace = useResource(`workspace:${docId}`, () => api.workspace({ params: { docId } }));
  const history = useResource(`history:${docId}`, () => loadHistory(api, docId));
  const title =
    workspace.resource.status === 'ready'
      ? t('titleFor', {
          group: workspace.resource.data.groupName,
          project: workspace.resource.data.projectTitle,
        })
      : t('title');
  // The same colours as the workspace: from the group's members, once they are known.
  const styles = useAuthorStyles(
    workspace.resource.status === 'ready'
      ? workspace.resource.data.members.map((member) => member.id)
      : null,
  );
  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.workspace(docId)}>{t('back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {history.resource.status === 'loading' ? <Loading what={t('loading')} /> : null}
      {history.resource.status === 'error' ? (
        <ErrorMessage>{history.resource.message}</ErrorMessage>
      ) : null}
      {history.resource.status === 'ready' && workspace.resource.status !== 'loading' ? (
        <HistoryView {...history.resource.data} styles={styles} />
      ) : null}
    </div>
  );
}

async function loadHistory(api: ApiClient, docId: string): Promise<LoadedHistory> {
  const [updates, submissions, comments] = await Promise.all([
    loadAllUpdates(api, docId),
    // Submissions only add jump buttons: a document without a project still replays.
    api.workspaceProgress({ params: { docId } }).then(
      (progress) => progress.submissions,
      () => [],
    ),
    // Comments are shown to those who take part in them; anyone else replays without them.
    api.documentComments({ params: { docId } }).then(
      (list) => list.threads,
      () => [],
    ),
  ]);
  const authors = new Map<string, string>();
  for (const update of updates) {
    if (!authors.has(update.authorId)) authors.set(update.authorId, update.authorDisplayName);
  }
  return {
    engine: new ReplayEngine(
      updates.map((update) => ({
        revision: update.revision,
        authorId: update.authorId,
        update: fromBase64(update.update),
        inserted: update.inserted,
        deleted: update.deleted,
      })),
    ),
    authors: [...authors].map(([id, name]) => ({ id, name })),
    times: updates.map((update) => update.at),
    submissions,
    comments,
  };
}

/** Every change, page by page, oldest first. */
async function loadAllUpdates(api: ApiClient, docId: string): Promise<AttributedUpdate[]> {
  const all: AttributedUpdate[] = [];
  let after: number | null = null;
  do {
    const page: DocumentReplayPage = await api.documentReplay({
      params: { docId },
      query: { limit: 1000, after },
    });
    all.push(...page.updates);
    after = page.nextAfter;
  } while (after !== null);
  return all;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
