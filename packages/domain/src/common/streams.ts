/** Stream names are built in one place so every reader and writer agrees. */
export const streams = {
  classroom: (classroomId: string) => `classroom-${classroomId}`,
  project: (projectId: string) => `project-${projectId}`,
  document: (docId: string) => `document-${docId}`,
  presence: (docId: string) => `presence-${docId}`,
  /** The comment threads on a document's passages. */
  comments: (docId: string) => `comments-${docId}`,
  school: (schoolId: string) => `school-${schoolId}`,
  /** One student's own notes on one project: reflection journal and personal goals. */
  learnerProject: (projectId: string, studentId: string) => `learner-${projectId}-${studentId}`,
  /** A help request and the tutoring session it turns into. */
  helpRequest: (requestId: string) => `help-${requestId}`,
  /** An inquiry space: its classrooms, posts, moderation and mentors. */
  inquiry: (spaceId: string) => `inquiry-${spaceId}`,
  /** What one person has read of their notifications. */
  notifications: (userId: string) => `notifications-${userId}`,
  /** One guardian's weekly summary by email: address, opt-in, weeks sent. */
  guardianSummary: (guardianId: string) => `guardian-summary-${guardianId}`,
} as const;
