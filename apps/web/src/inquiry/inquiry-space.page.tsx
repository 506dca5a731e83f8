import { lazy, Suspense, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  INQUIRY_SOCKET_EVENTS,
  InquiryParticipantsSchema,
  InquiryPostMessageSchema,
  InquirySpaceViewSchema,
  MentorAccessEndedSchema,
} from '@commonplace/shared';
import type {
  InquiryParticipants,
  InquiryPost,
  InquirySpaceView,
  MentorAccessEnded,
} from '@commonplace/shared';
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
import { InquiryParticipantsPanel } from './inquiry-participants';

const RichTextEditor = lazy(() => import('../workspace/rich-text-editor'));

/**
 * A cross-classroom inquiry: the driving question, the classrooms taking part (by name only),
 * the shared board (a Yjs document), the discussion, and for teachers moderation and mentors.
 * A mentor sees the same page, for this one space only.
 */
export default function InquirySpacePage() {
  const { t } = useTranslation('inquiry');
  const { spaceId = '' } = useParams();
  const { api, token, user } = useSession();
  const first = useResource(`inquiry-space:${spaceId}`, () =>
    api.inquirySpace({ params: { spaceId } }),
  );
  /** Posts and the participants list as the room last pushed them, over what was loaded. */
  const [pushedPosts, setPushedPosts] = useState<readonly InquiryPost[]>([]);
  const [pushedParticipants, setPushedParticipants] = useState<InquiryParticipants | null>(null);
  /** Set when the server ends a mentor's access while the page is open. */
  const [accessEnded, setAccessEnded] = useState<MentorAccessEnded['reason'] | null>(null);
  // Another space opened in the same page: nothing pushed for the last one carries over.
  useEffect(() => {
    setPushedPosts([]);
    setPushedParticipants(null);
    setAccessEnded(null);
  }, [spaceId]);
  const live = useLiveWatch<InquirySpaceView>(
    token,
    {
      watchEvent: INQUIRY_SOCKET_EVENTS.spaceWatch,
      payload: { spaceId },
      messageEvent: INQUIRY_SOCKET_EVENTS.space,
      schema: InquirySpaceViewSchema,
      accept: (space) => space.spaceId === spaceId,
      what: t('liveWhat'),
      also: {
        [INQUIRY_SOCKET_EVENTS.post]: (raw) => {
          const message = InquiryPostMessageSchema.safeParse(raw);
          if (message.success && message.data.spaceId === spaceId)
            setPushedPosts((posts) => [...posts, message.data.post]);
        },
        [INQUIRY_SOCKET_EVENTS.accessEnded]: (raw) => {
          const message = MentorAccessEndedSchema.safeParse(raw);
          setAccessEnded(message.success ? message.data.reason : 'revoked');
        },
        [INQUIRY_SOCKET_EVENTS.participants]: (raw) => {
          const message = InquiryParticipantsSchema.safeParse(raw);
          if (message.success && message.data.spaceId === spaceId)
            setPushedParticipants(message.data);
        },
      },
    },
    `inquiry-space:${spaceId}`,
  );
  const space = live.data ?? (first.resource.status === 'ready' ? first.resource.data : null);
  const title = space ? space.title : t('titleLoading');
  // A mentor whose access ended sees one message and nothing of the space: not the board,
  // the discussion or a stale "Posted.", which they can no longer use.
  const ended =
    accessEnded ?? (user.kind === 'mentor' && live.status === 'refused' ? 'refused' : null);
  if (ended) {
    return (
      <div className="narrow stack-lg">
        <PageHeading title={t('ended.title')}>{t('ended.heading')}</PageHeading>
        <div role="alert" className="card stack-sm">
          <p>{ended === 'refused' ? live.problem : t(`ended.${ended}`)}</p>
          <p>{t('ended.next')}</p>
        </div>
      </div>
    );
  }

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
      {space ? (
        <Space space={space} pushedPosts={pushedPosts} pushedParticipants={pushedParticipants} />
      ) : null}
    </div>
  );
}

function Space({
  space,
  pushedPosts,
  pushedParticipants,
}: {
  space: InquirySpaceView;
  pushedPosts: readonly InquiryPost[];
  pushedParticipants: InquiryParticipants | null;
}) {
  const { t } = useTranslation('inquiry');
  const { api, token, user } = useSession();
  const collab = useCollabDoc(space.boardDocId, token, { id: user.id, name: user.displayName });
  const moderator = space.myRole === 'moderator';
  const action = useAction();
  const [locked, setLocked] = useState(space.locked);
  // Another moderator's lock or unlock arrives with the pushed space.
  useEffect(() => setLocked(space.locked), [space.locked]);
  const editable = !locked && collab.status !== 'closed';
  const participants = useResource(`inquiry-participants:${space.spaceId}`, () =>
    api.inquiryParticipants({ params: { spaceId: space.spaceId } }),
  );
  const [participantsSeen, setParticipantsSeen] = useState<InquiryParticipants | null>(null);
  useEffect(() => {
    if (pushedParticipants) setParticipantsSeen(pushedParticipants);
  }, [pushedParticipants]);
  useEffect(() => {
    if (participants.resource.status === 'ready') setParticipantsSeen(participants.resource.data);
  }, [participants.resource]);

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
        <Discussion
          spaceId={space.spaceId}
          moderator={moderator}
          locked={locked}
          pushed={pushedPosts}
        />
      </div>
      <aside className="workspace-side stack" aria-label={t('side')}>
        <WhoIsHere peers={collab.peers} connected={collab.status === 'connected'} />
        <InquiryParticipantsPanel
          spaceId={space.spaceId}
          participants={participantsSeen}
          status={participants.resource.status}
          problem={participants.resource.status === 'error' ? participants.resource.message : null}
          onRemoved={() => void participants.reload().catch(() => undefined)}
        />
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
                        locked
                          ? api.unlockBoard({ params: { spaceId: space.spaceId } })
                          : api.lockBoard({ params: { spaceId: space.spaceId } }),
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
            <InviteClassroom spaceId={space.spaceId} />
          </section>
        ) : null}
        {moderator ? <MentorsPanel spaceId={space.spaceId} /> : null}
      </aside>
    </div>
  );
}

/**
 * The posts as loaded, with every post the room pushed since laid over them
 * (a hidden post replaces its earlier self), oldest first.
 */
function mergePosts(loaded: readonly InquiryPost[], pushed: readonly InquiryPost[]): InquiryPost[] {
  const byId = new Map(loaded.map((post) => [post.postId, post]));
  for (const post of pushed) byId.set(post.postId, post);
  return [...byId.values()].sort(
    (a, b) => a.postedAt.localeCompare(b.postedAt) || a.postId.localeCompare(b.postId),
  );
}

function Discussion({
  spaceId,
  moderator,
  locked,
  pushed,
}: {
  spaceId: string;
  moderator: boolean;
  locked: boolean;
  pushed: readonly InquiryPost[];
}) {
  const { t } = useTranslation('inquiry');
  const { api } = useSession();
  const posts = useResource(`inquiry-posts:${spaceId}`, () =>
    api.inquiryPosts({ params: { spaceId } }),
  );
  const action = useAction();
  const [text, setText] = useState('');
  /** My own posts as the server answered them, so they show before the room echoes them. */
  const [mine, setMine] = useState<readonly InquiryPost[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const loaded = posts.resource.status === 'ready' ? posts.resource.data.items : [];
  const items = mergePosts(loaded, [...mine, ...pushed]);
  // Others' new posts are announced politely; focus stays where the reader is.
  const [announced, setAnnounced] = useState(0);
  const posting = action.pending === 'post';
  useEffect(() => {
    // My own post may echo back before my request answers: wait until it is among mine.
    if (posting || pushed.length === announced) return;
    const fresh = pushed
      .slice(announced)
      .filter((post) => !post.hidden && !mine.some((own) => own.postId === post.postId));
    setAnnounced(pushed.length);
    const last = fresh.at(-1);
    if (last)
      setAnnouncement(t('posts.newPost', { name: last.authorFirstName, count: fresh.length }));
  }, [pushed, announced, mine, posting, t]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(
        'post',
        async () => {
          const post = await api.createPost({
            params: { spaceId },
            body: { kind: 'discussion', text },
          });
          setMine((own) => [...own, post]);
        },
        t('posts.posted'),
      )
      .then((ok) => (ok ? setText('') : undefined))
      .catch(() => undefined);
  };
  return (
    <section aria-labelledby="posts-heading" className="stack-sm">
      <h2 id="posts-heading">{t('posts.heading')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {posts.resource.status === 'loading' ? <Loading what={t('posts.loading')} /> : null}
      {posts.resource.status === 'error' ? (
        <ErrorMessage>{posts.resource.message}</ErrorMessage>
      ) : null}
      {posts.resource.status === 'ready' ? (
        items.length === 0 ? (
          <p className="muted">{t('posts.empty')}</p>
        ) : (
          <ul className="plain-list" aria-labelledby="posts-heading">
            {items.map((post) => (
              <PostItem
                key={post.postId}
                post={post}
                onHide={
                  moderator && !post.hidden
                    ? () =>
                        void action
                          .run(
                            'hide',
                            () => api.hidePost({ params: { spaceId, postId: post.postId } }),
                            t('posts.hidden'),
                          )
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

/**
 * Invite a classroom by the join code its teacher shares (what a teacher of
 * another school can know), or pick one of my school's classrooms if I have a school.
 */
function InviteClassroom({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation('inquiry');
  const { api } = useSession();
  const action = useAction();
  const [code, setCode] = useState('');
  const [picked, setPicked] = useState('');
  const school = useResource(`inquiry-invitable:${spaceId}`, () =>
    api.invitableClassrooms({ params: { spaceId } }),
  );
  const invitable = school.resource.status === 'ready' ? school.resource.data.items : [];
  const invite = (body: { joinCode: string } | { classroomId: string }, done: () => void) =>
    void action
      .run(
        'invite',
        () => api.inviteClassroom({ params: { spaceId }, body }),
        t('moderation.invited'),
      )
      .then((ok) => {
        if (!ok) return;
        done();
        void school.reload().catch(() => undefined);
      });
  return (
    <div className="stack-sm">
      <form
        className="stack-sm"
        onSubmit={(event) => {
          event.preventDefault();
          invite({ joinCode: code.trim() }, () => setCode(''));
        }}
      >
        <label htmlFor="invite-classroom">{t('moderation.inviteLabel')}</label>
        <input
          id="invite-classroom"
          value={code}
          autoComplete="off"
          aria-describedby="invite-code-hint"
          onChange={(event) => setCode(event.target.value)}
        />
        <p id="invite-code-hint" className="hint">
          {t('moderation.inviteHint')}
        </p>
        <p>
          <button type="submit" disabled={action.pending !== null}>
            {t('moderation.invite')}
          </button>
        </p>
      </form>
      {invitable.length > 0 ? (
        <form
          className="stack-sm"
          onSubmit={(event) => {
            event.preventDefault();
            if (picked) invite({ classroomId: picked }, () => setPicked(''));
          }}
        >
          <label htmlFor="invite-school-classroom">{t('moderation.schoolLabel')}</label>
          <select
            id="invite-school-classroom"
            value={picked}
            onChange={(event) => setPicked(event.target.value)}
          >
            <option value="">{t('moderation.schoolChoose')}</option>
            {invitable.map((c) => (
              <option key={c.classroomId} value={c.classroomId}>
                {c.classroomName}
              </option>
            ))}
          </select>
          <p>
            <button type="submit" disabled={action.pending !== null || !picked}>
              {t('moderation.schoolInvite')}
            </button>
          </p>
        </form>
      ) : null}
      <ErrorMessage>{action.error}</ErrorMessage>
      <LiveStatus className="message-success">{action.done}</LiveStatus>
    </div>
  );
}
