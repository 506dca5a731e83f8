/** Every in-app URL is built here, so links and routes cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  classroom: (classroomId: string) => `/classrooms/${encodeURIComponent(classroomId)}`,
  board: (classroomId: string) => `/classrooms/${encodeURIComponent(classroomId)}/board`,
  workspace: (docId: string) => `/workspaces/${encodeURIComponent(docId)}`,
};
