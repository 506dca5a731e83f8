import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { InquirySpaceView } from '@commonplace/shared';
import { paths } from '../app/paths';
import { useSession } from '../auth/auth-context';
import { ErrorMessage, LiveStatus, Loading } from '../ui/feedback';
import { PageHeading } from '../ui/page-heading';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';

/**
 * The inquiry spaces someone takes part in, the invitations their classrooms have to
 * answer, and (teachers) a form to open a new space from one of their classrooms.
 */
export default function InquirySpacesPage() {
  const { t } = useTranslation('inquiry');
  const { api, user } = useSession();
  const spaces = useResource(`inquiry-spaces:${user.id}`, () => api.inquirySpaces());
  const action = useAction();
  const reload = () => spaces.reload().then(() => undefined);
  const answer = (space: InquirySpaceView, classroomId: string, accept: boolean) =>
    void action
      .run(
        `answer:${space.spaceId}`,
        () =>
          api.respondToInquiryInvitation({
            params: { spaceId: space.spaceId, classroomId },
            body: { accept },
          }),
        accept ? t('list.accepted', { title: space.title }) : t('list.declined'),
      )
      .then((ok) => (ok ? reload() : undefined))
      .catch(() => undefined);

  return (
    <div className="stack-lg">
      <p>
        <Link to={paths.home}>{t('back')}</Link>
      </p>
      <PageHeading title={t('list.title')}>{t('list.title')}</PageHeading>
      <LiveStatus className="message-success">{action.done}</LiveStatus>
      <ErrorMessage>{action.error}</ErrorMessage>
      {spaces.resource.status === 'loading' ? <Loading what={t('list.loading')} /> : null}
      {spaces.resource.status === 'error' ? (
        <ErrorMessage>{spaces.resource.message}</ErrorMessage>
      ) : null}
      {spaces.resource.status === 'ready' ? (
        spaces.resource.data.items.length === 0 ? (
          <p className="muted">{t('list.empty')}</p>
        ) : (
          <ul className="card-list">
            {spaces.resource.data.items.map((space) => (
              <li key={space.spaceId} className="card stack-sm">
                <h2>
                  <Link to={paths.inquirySpace(space.spaceId)}>{space.title}</Link>
                </h2>
                <p className="brief">{space.drivingQuestion}</p>
                {user.kind === 'teacher'
                  ? space.classrooms
                      .filter((c) => c.status === 'invited')
                      .map((c) => (
                        <p key={c.classroomId} className="actions">
                          {t('list.invited', { classroom: c.classroomName })}{' '}
                          <button type="button" onClick={() => answer(space, c.classroomId, true)}>
                            {t('list.accept', { classroom: c.classroomName })}
                          </button>
                          <button type="button" onClick={() => answer(space, c.classroomId, false)}>
                            {t('list.decline', { classroom: c.classroomName })}
                          </button>
                        </p>
                      ))
                  : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {user.kind === 'teacher' ? <OpenSpaceForm /> : null}
    </div>
  );
}

function OpenSpaceForm() {
  const { t } = useTranslation('inquiry');
  const { api, user } = useSession();
  const navigate = useNavigate();
  const classrooms = useResource(`classrooms:${user.id}`, () => api.listClassrooms());
  const action = useAction();
  const [form, setForm] = useState({ classroomId: '', title: '', drivingQuestion: '' });
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The classroom is part of the address, so the server cannot say it is missing.
    setMissing(form.classroomId === '');
    if (form.classroomId === '') return;
    void action
      .run(
        'open',
        async () => {
          const space = await api.openInquirySpace({
            params: { classroomId: form.classroomId },
            body: { title: form.title, drivingQuestion: form.drivingQuestion },
          });
          navigate(paths.inquirySpace(space.spaceId));
        },
        t('open.done'),
      )
      .catch(() => undefined);
  };
  return (
    <form className="card stack-sm" onSubmit={submit} aria-labelledby="open-space-heading">
      <h2 id="open-space-heading">{t('open.heading')}</h2>
      <label htmlFor="space-classroom">{t('open.classroom')}</label>
      <select
        id="space-classroom"
        value={form.classroomId}
        onChange={(event) => setForm({ ...form, classroomId: event.target.value })}
      >
        <option value="">{t('open.choose')}</option>
        {classrooms.resource.status === 'ready'
          ? classrooms.resource.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))
          : null}
      </select>
      <label htmlFor="space-title">{t('open.titleLabel')}</label>
      <input
        id="space-title"
        value={form.title}
        onChange={(event) => setForm({ ...form, title: event.target.value })}
      />
      <label htmlFor="space-question">{t('open.question')}</label>
      <textarea
        id="space-question"
        rows={2}
        value={form.drivingQuestion}
        onChange={(event) => setForm({ ...form, drivingQuestion: event.target.value })}
      />
      <p>
        <button type="submit" className="button-primary" disabled={action.pending !== null}>
          {t('open.submit')}
        </button>
      </p>
      <ErrorMessage>{missing ? t('open.missing') : action.error}</ErrorMessage>
    </form>
  );
}
