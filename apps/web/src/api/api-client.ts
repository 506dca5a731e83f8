import {
  ClassroomSummarySchema,
  ClassroomViewSchema,
  BoardViewSchema,
  ErrorBodySchema,
  GroupViewSchema,
  MyProjectSchema,
  ProjectViewSchema,
  SignInResponseSchema,
  WorkspaceViewSchema,
} from '@commonplace/shared';
import type {
  AddStudentToGroupRequest,
  AssignProjectRequest,
  BoardView,
  ClassroomSummary,
  ClassroomView,
  CreateClassroomRequest,
  CreateGroupRequest,
  GroupView,
  JoinClassroomRequest,
  MyProject,
  ProjectView,
  SignInRequest,
  SignInResponse,
  WorkspaceView,
} from '@commonplace/shared';
import { ApiError } from './api-error';

/** The part of a zod schema the client needs; keeps zod itself out of the web app's imports. */
interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export interface ApiClientOptions {
  getToken: () => string | null;
  /** Called when a signed-in request is refused as unauthenticated (expired or revoked token). */
  onUnauthorized: () => void;
}

type Method = 'GET' | 'POST';

const ClassroomSummaryListSchema = ClassroomSummarySchema.array();
const MyProjectListSchema = MyProjectSchema.array();

const segment = (value: string) => encodeURIComponent(value);

export function createApiClient({ getToken, onUnauthorized }: ApiClientOptions) {
  async function request<T>(
    method: Method,
    path: string,
    schema: ResponseSchema<T>,
    body?: unknown,
  ): Promise<T> {
    const token = getToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(
        0,
        'network',
        'Could not reach Commonplace. Check that you are online, then try again.',
      );
    }

    const payload: unknown = await response.json().catch(() => undefined);

    if (!response.ok) {
      // A 401 on sign-in means wrong credentials; anywhere else it means the session is gone.
      if (response.status === 401 && token) onUnauthorized();
      const error = ErrorBodySchema.safeParse(payload);
      if (error.success) throw new ApiError(response.status, error.data.code, error.data.message);
      throw new ApiError(response.status, 'http', fallbackMessage(response.status));
    }

    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'bad-response',
        'The server sent an answer this page could not read. Reload the page; if it happens again, tell your teacher or IT team.',
      );
    }
    return parsed.data;
  }

  return {
    signIn: (body: SignInRequest): Promise<SignInResponse> =>
      request('POST', '/api/auth/sign-in', SignInResponseSchema, body),

    listClassrooms: (): Promise<ClassroomSummary[]> =>
      request('GET', '/api/classrooms', ClassroomSummaryListSchema),
    createClassroom: (body: CreateClassroomRequest): Promise<ClassroomView> =>
      request('POST', '/api/classrooms', ClassroomViewSchema, body),
    getClassroom: (classroomId: string): Promise<ClassroomView> =>
      request('GET', `/api/classrooms/${segment(classroomId)}`, ClassroomViewSchema),
    joinClassroom: (body: JoinClassroomRequest): Promise<ClassroomSummary> =>
      request('POST', '/api/classrooms/join', ClassroomSummarySchema, body),

    createGroup: (classroomId: string, body: CreateGroupRequest): Promise<GroupView> =>
      request('POST', `/api/classrooms/${segment(classroomId)}/groups`, GroupViewSchema, body),
    addStudentToGroup: (
      classroomId: string,
      groupId: string,
      body: AddStudentToGroupRequest,
    ): Promise<GroupView> =>
      request(
        'POST',
        `/api/classrooms/${segment(classroomId)}/groups/${segment(groupId)}/members`,
        GroupViewSchema,
        body,
      ),

    assignProject: (classroomId: string, body: AssignProjectRequest): Promise<ProjectView> =>
      request('POST', `/api/classrooms/${segment(classroomId)}/projects`, ProjectViewSchema, body),
    listMyProjects: (): Promise<MyProject[]> =>
      request('GET', '/api/me/projects', MyProjectListSchema),

    getWorkspace: (docId: string): Promise<WorkspaceView> =>
      request('GET', `/api/workspaces/${segment(docId)}`, WorkspaceViewSchema),
    getBoard: (classroomId: string): Promise<BoardView> =>
      request('GET', `/api/classrooms/${segment(classroomId)}/board`, BoardViewSchema),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function fallbackMessage(status: number): string {
  if (status === 401) return 'Sign in again: your session has ended.';
  if (status === 403)
    return 'You do not have permission to do that. Ask your teacher if you think you should.';
  if (status === 404)
    return 'We could not find that. Check the link, or go back to your home page.';
  if (status === 429) return 'Too many requests at once. Wait a moment, then try again.';
  if (status >= 500) return 'Commonplace had a problem on its side. Wait a moment, then try again.';
  return 'That did not work. Check what you entered and try again.';
}
