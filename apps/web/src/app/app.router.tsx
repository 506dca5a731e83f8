import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RequireSession } from '../auth/require-session';
import { AppLayout } from './app-layout';
import { RouteError } from './route-error';

// One chunk per page: a student on a slow school connection only downloads the editor
// when they open a workspace, and never downloads the teacher's board.
const SignInPage = lazy(() => import('../auth/sign-in.page'));
const SessionsPage = lazy(() => import('../auth/sessions.page'));
const HomePage = lazy(() => import('../classrooms/home.page'));
const ClassroomPage = lazy(() => import('../classrooms/classroom.page'));
const BoardPage = lazy(() => import('../board/board.page'));
const WorkspacePage = lazy(() => import('../workspace/workspace.page'));
const SignInCardsPage = lazy(() => import('../classrooms/sign-in-cards.page'));
const ProjectPage = lazy(() => import('../projects/project.page'));
const FeedbackPage = lazy(() => import('../feedback/feedback.page'));
const HistoryPage = lazy(() => import('../history/history.page'));
const JournalPage = lazy(() => import('../learners/journal.page'));
const GoalsPage = lazy(() => import('../learners/goals.page'));
const InvitePage = lazy(() => import('../invites/invite.page'));
const StudentOverviewPage = lazy(() => import('../learners/student-overview.page'));
const FamilyChildPage = lazy(() => import('../families/family-child.page'));
const TutoringPage = lazy(() => import('../tutoring/tutoring.page'));
const TutoringSessionPage = lazy(() => import('../tutoring/tutoring-session.page'));
const InquirySpacePage = lazy(() => import('../inquiry/inquiry-space.page'));
const InquirySpacesPage = lazy(() => import('../inquiry/inquiry-spaces.page'));
const MentorLandingPage = lazy(() => import('../mentors/mentor-landing.page'));
const NotFoundPage = lazy(() => import('./not-found.page'));

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      // Public: a guardian opening an invite has no account yet.
      { path: '/invites/:token', element: <InvitePage /> },
      // Public: a mentor's invite link is their only way in.
      { path: '/mentor-invites/:token', element: <MentorLandingPage /> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <HomePage /> },
          { path: '/sessions', element: <SessionsPage /> },
          { path: '/classrooms/:classroomId', element: <ClassroomPage /> },
          { path: '/classrooms/:classroomId/board', element: <BoardPage /> },
          { path: '/classrooms/:classroomId/sign-in-cards', element: <SignInCardsPage /> },
          { path: '/projects/:projectId', element: <ProjectPage /> },
          { path: '/projects/:projectId/journal', element: <JournalPage /> },
          { path: '/projects/:projectId/goals', element: <GoalsPage /> },
          { path: '/workspaces/:docId', element: <WorkspacePage /> },
          { path: '/workspaces/:docId/feedback', element: <FeedbackPage /> },
          { path: '/workspaces/:docId/history', element: <HistoryPage /> },
          { path: '/students/:studentId', element: <StudentOverviewPage /> },
          { path: '/families/children/:studentId', element: <FamilyChildPage /> },
          { path: '/classrooms/:classroomId/tutoring', element: <TutoringPage /> },
          { path: '/tutoring-sessions/:sessionId', element: <TutoringSessionPage /> },
          { path: '/inquiry-spaces', element: <InquirySpacesPage /> },
          { path: '/inquiry-spaces/:spaceId', element: <InquirySpacePage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
