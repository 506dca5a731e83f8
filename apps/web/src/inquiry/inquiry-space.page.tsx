import { lazy, Suspense, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { INQUIRY_SOCKET_EVENTS, InquirySpaceViewSchema } from '@commonplace/shared';
import type { InquiryPost, InquirySpaceView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { useLiveWatch } from '../live/use-live-watch';
import { MentorsPanel } from '../mentors/mentors-panel';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { useCollabDoc } from '../workspace/use-collab-doc';
import { WhoIsHere } from '../workspace/who-is-here';

const RichTextEditor = lazy(() => import('../workspace/rich-text-editor'));

/**
 * A cross-classroom inquiry: the driving question, the classrooms taking part (by name only),
 * the shared board (a Yjs document), the discussion, and for teachers moderation and mentors.
 * A mentor sees the same page, for this one space only.
 */
export default function InquirySpacePage() {
  const { t } = useTranslation('inquiry');
  const { spaceId = '' } = useParams();
  const { api, token } = useSession();
  const first = useResource(`inquiry-space:${spaceId}`, () => api.inquirySpace(spaceId));
  const live = useLiveWatch<InquirySpaceView>(
    token,
    {
      watchEvent: INQUIRY_SOCKET_EVENTS.spaceWatch,
      payload: { spaceId },
      messageEvent: INQUIRY_SOCKET_EVENTS.space,
      schema: InquirySpaceViewSchema,
      accept: (space) => space.spaceId === spaceId,
      what: t('liveWhat'),
    },
    `inquiry-space:${spaceId}`,
  );
  const space = live.data ?? (first.resource.status === 'ready' ? first.resource.data : null);
  const title = space ? space.title : t('titleLoading');

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>{t('back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {!space && first.resource.status === 'loading' ? <Loading what={t('loading')} /> : null}
      {!space && first.resource.status === 'error' ? (
        <ErrorMessage>{first.resource.message}</ErrorMessage>
      ) : null}
      {live.status === 'refused' && live.problem ? (
        <ErrorMessage>{live.problem}</ErrorMessage>
      ) : null}
      {space ? <Space space={space} /> : null}
    </div>
  );
}

function Space({ space }: { space: InquirySpaceView }) {
  const { t } = useTranslation('inquiry');
  const { api, token, user } = useSession();
  const collab = useCollabDoc(space.boardDocId, token, { id: user.id, name: user.displayName });
  const moderator = space.myRole === 'moderator';
  const action = useAction();
  const [locked, setLocked] = useState(space.locked);
  const [inviteId, setInviteId] = useState('');
  const editable = !locked && collab.status !== 'closed';

  return (
    <div className="workspace">
      <div className="workspace-main stack">
        <section aria-labelledby="question-heading" className="card stack-sm">
          <h2 id="question-heading">{t('question')}</h2>
          <p className="brief">{space.drivingQuestion}</p>
          <p className="muted">
            {t('classrooms', {
              names: space.classrooms
                .filter((c) => c.status === 'host' || c.status === 'joined')
                .map((c) => c.classroomName)
                .join(', '),
            })}
          </p>
        </section>
        <div className="stack-sm">
          <h2 id="board-label" tabIndex={-1}>
            {t('board')}
          </h2>
          <p id="board-help" className="hint">
            {locked ? t('boardLocked') : t('boardHelp')}
          </p>
          {collab.closeReason ? <ErrorMessage>{collab.closeReason}</ErrorMessage> : null}
          {collab.session ? (
            <Suspense fallback={<Loading what={t('boardLoading')} />}>
              <RichTextEditor
                session={collab.session}
                user={{ id: user.id, name: user.displayName }}
                editable={editable}
                labelledBy="board-label"
                describedBy="board-help"
              />
            </Suspense>
          ) : (
            <Loading what={t('boardLoading')} />
          )}
        </div>
        <Discussion spaceId={space.spaceId} moderator={moderator} locked={locked} />
      </div>
      <aside className="workspace-side stack" aria-label={t('side')}>
        <WhoIsHere peers={collab.peers} connected={collab.status === 'connected'} />
        <LiveStatus className="message-success">{action.done}</LiveStatus>
        <ErrorMessage>{action.error}</ErrorMessage>
        {moderator ? (
          <section aria-labelledby="moderation-heading" className="card stack-sm">
            <h2 id="moderation-heading">{t('moderation.heading')}</h2>
            <p>
              <button
                type="button"
                disabled={action.pending !== null}
                onClick={() =>
                  void action
                    .run(
                      'lock',
                      () =>
                        locked ? api.unlockBoard(space.spaceId) : api.lockBoard(space.spaceId),
                      locked ? t('moderation.unlocked') : t('moderation.locked'),
                    )
                    .then((ok) => {
                      if (ok) setLocked(!locked);
                    })
                }
              >
                {locked ? t('moderation.unlock') : t('moderation.lock')}
              </button>
            </p>
            <form
              className="stack-sm"
              onSubmit={(event) => {
                event.preventDefault();
                void action
                  .run(
                    'invite',
                    () => api.inviteClassroom(space.spaceId, inviteId.trim()),
                    t('moderation.invited'),
                  )
                  .then((ok) => (ok ? setInviteId('') : undefined));
              }}
            >
              <label htmlFor="invite-classroom">{t('moderation.inviteLabel')}</label>
              <input
                id="invite-classroom"
                value={inviteId}
                onChange={(event) => setInviteId(event.target.value)}
              />
              <p>
                <button type="submit">{t('moderation.invite')}</button>
              </p>
            </form>
          </section>
        ) : null}
        {moderator ? <MentorsPanel spaceId={space.spaceId} /> : null}
      </aside>
    </div>
  );
}

function Discussion({
  spaceId,
  moderator,
  locked,
}: {
  spaceId: string;
  moderator: boolean;
  locked: boolean;
}) {
  const { t } = useTranslation('inquiry');
  const { api } = useSession();
  const posts = useResource(`inquiry-posts:${spaceId}`, () => api.inquiryPosts(spaceId));
  const action = useAction();
  const [text, setText] = useState('');
  const reload = () => posts.reload().then(() => undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run('post', () => api.createPost(spaceId, { kind: 'discussion', text }), t('posts.posted'))
      .then((ok) => (ok ? (setText(''), reload()) : undefined))
      .catch(() => undefined);
  };
  return (
    <section aria-labelledby="posts-heading" className="stack-sm">
      <h2 id="posts-heading">{t('posts.heading')}</h2>
      <p>
        <button type="button" onClick={() => void reload().catch(() => undefined)}>
          {t('posts.refresh')}
        </button>
      </p>
      {posts.resource.status === 'loading' ? <Loading what={t('posts.loading')} /> : null}
      {posts.resource.status === 'error' ? (
        <ErrorMessage>{posts.resource.message}</ErrorMessage>
      ) : null}
      {posts.resource.status === 'ready' ? (
        posts.resource.data.items.length === 0 ? (
          <p className="muted">{t('posts.empty')}</p>
        ) : (
          <ul className="plain-list" aria-labelledby="posts-heading">
            {posts.resource.data.items.map((post) => (
              <PostItem
                key={post.postId}
                post={post}
                onHide={
                  moderator && !post.hidden
                    ? () =>
                        void action
                          .run('hide', () => api.hidePost(spaceId, post.postId), t('posts.hidden'))
                          .then((ok) => (ok ? reload() : undefined))
                          .catch(() => undefined)
                    : null
                }
              />
            ))}
          </ul>
        )
      ) : null}
      {!locked ? (
        <form className="card stack-sm" onSubmit={submit}>
          <label htmlFor="post-text">{t('posts.label')}</label>
          <textarea
            id="post-text"
            rows={3}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby="post-hint"
          />
          <p id="post-hint" className="hint">
            {t('posts.hint')}
          </p>
          <p>
            <button type="submit" className="button-primary" disabled={action.pending !== null}>
              {t('posts.submit')}
            </button>
          </p>
        </form>
      ) : null}
      <ErrorMessage>{action.error}</ErrorMessage>
      <LiveStatus className="message-success">{action.done}</LiveStatus>
    </section>
  );
}

function PostItem({ post, onHide }: { post: InquiryPost; onHide: (() => void) | null }) {
  const { t } = useTranslation('inquiry');
  const who =
    post.authorRole === 'mentor'
      ? t('posts.byMentor', { name: post.authorFirstName, organisation: post.organisation ?? '' })
      : t('posts.by', { name: post.authorFirstName, classroom: post.classroomName ?? '' });
  return (
    <li className="card stack-sm">
      <p className="hint">
        {who} · {formatDateTime(post.postedAt)}
      </p>
      {post.hidden ? <p className="muted">{t('posts.hiddenText')}</p> : null}
      {post.text ? <p className="brief">{post.text}</p> : null}
      {onHide ? (
        <p>
          <button type="button" onClick={onHide}>
            {t('posts.hide', { name: post.authorFirstName })}
          </button>
        </p>
      ) : null}
    </li>
  );
}
