const seg = encodeURIComponent;

/** Every in-app URL is built here, so links and routes cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  classroom: (classroomId: string) => `/classrooms/${seg(classroomId)}`,
  signInCards: (classroomId: string) => `/classrooms/${seg(classroomId)}/sign-in-cards`,
  board: (classroomId: string) => `/classrooms/${seg(classroomId)}/board`,
  project: (projectId: string) => `/projects/${seg(projectId)}`,
  journal: (projectId: string) => `/projects/${seg(projectId)}/journal`,
  goals: (projectId: string) => `/projects/${seg(projectId)}/goals`,
  workspace: (docId: string) => `/workspaces/${seg(docId)}`,
  feedback: (docId: string) => `/workspaces/${seg(docId)}/feedback`,
  history: (docId: string) => `/workspaces/${seg(docId)}/history`,
  invite: (token: string) => `/invites/${seg(token)}`,
  student: (studentId: string) => `/students/${seg(studentId)}`,
  tutoring: (classroomId: string) => `/classrooms/${seg(classroomId)}/tutoring`,
  tutoringSession: (sessionId: string) => `/tutoring-sessions/${seg(sessionId)}`,
  inquirySpaces: '/inquiry-spaces',
  inquirySpace: (spaceId: string) => `/inquiry-spaces/${seg(spaceId)}`,
  mentorInvite: (token: string) => `/mentor-invites/${seg(token)}`,
  familyChild: (studentId: string) => `/families/children/${seg(studentId)}`,
};
