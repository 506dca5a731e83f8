import { describe, expect, it } from '@jest/globals';
import type { ProjectEvent } from '../../projects/events.js';
import { checkpointFactsFrom, goalProgress } from './checkpoint-progress.js';
import { feedbackFactsFrom, feedbackLoop } from './feedback-loop.js';

const d = (day: number, hh = '09') => `2026-11-${day}T${hh}:00:00.000Z`;

const events: ProjectEvent[] = [
  {
    type: 'ProjectAssigned',
    data: {
      projectId: 'p',
      classroomId: 'c',
      title: 'Rivers',
      brief: '',
      assignedBy: 't',
      workspaces: [{ groupId: 'g', docId: 'd' }],
      checkpoints: [
        { checkpointId: 'cp-1', title: 'Question', dueAt: d(24) },
        { checkpointId: 'cp-2', title: 'Draft', dueAt: d(26) },
        { checkpointId: 'cp-3', title: 'Final', dueAt: d(28) },
      ],
    },
  },
  {
    type: 'CheckpointReached',
    data: { projectId: 'p', docId: 'd', checkpointId: 'cp-1', reachedBy: 'a', reachedAt: d(23) },
  },
  {
    type: 'CheckpointReached',
    data: { projectId: 'p', docId: 'd', checkpointId: 'cp-2', reachedBy: 'a', reachedAt: d(25) },
  },
  {
    type: 'CheckpointReopened',
    data: {
      projectId: 'p',
      docId: 'd',
      checkpointId: 'cp-2',
      reopenedBy: 't',
      reopenedAt: d(25, '12'),
    },
  },
  {
    type: 'CheckpointReached',
    data: {
      projectId: 'p',
      docId: 'other',
      checkpointId: 'cp-3',
      reachedBy: 'z',
      reachedAt: d(25),
    },
  },
  {
    type: 'ProjectSubmitted',
    data: {
      projectId: 'p',
      docId: 'd',
      submissionId: 's-1',
      documentRevision: 3,
      submittedBy: 'a',
      submittedAt: d(25, '10'),
    },
  },
  {
    type: 'FeedbackGiven',
    data: {
      projectId: 'p',
      docId: 'd',
      submissionId: 's-1',
      feedbackId: 'f',
      comment: '',
      scores: [],
      perStudent: [],
      givenBy: 't',
      givenAt: d(25, '14'),
    },
  },
  {
    type: 'ProjectSubmitted',
    data: {
      projectId: 'p',
      docId: 'd',
      submissionId: 's-2',
      documentRevision: 9,
      submittedBy: 'a',
      submittedAt: d(26, '09'),
    },
  },
];

describe('checkpoint facts and personal goals', () => {
  const facts = checkpointFactsFrom(events, 'd');

  it('reads a workspace’s checkpoints in plan order, a reopened one no longer reached', () => {
    expect(facts.map((c) => [c.checkpointId, c.reachedAt])).toEqual([
      ['cp-1', d(23)],
      ['cp-2', undefined],
      ['cp-3', undefined],
    ]);
  });

  it('reports each goal’s status and progress with a reason', () => {
    const progress = goalProgress(
      [
        { goalId: 'g1', checkpointId: 'cp-1', targetDate: d(24) },
        { goalId: 'g2', checkpointId: 'cp-2', targetDate: d(26, '12') },
        { goalId: 'g3', checkpointId: 'cp-3', targetDate: d(30) },
        { goalId: 'g4', checkpointId: 'cp-2', targetDate: d(25) },
        { goalId: 'g5', checkpointId: 'cp-gone', targetDate: d(30) },
      ],
      facts,
      d(26),
    );
    expect(progress.map((p) => [p.goalId, p.status, p.progress])).toEqual([
      ['g1', 'met', 1],
      ['g2', 'due-soon', 0.5],
      ['g3', 'on-track', 1 / 3],
      ['g4', 'missed', 0.5],
      ['g5', 'unknown-checkpoint', 0],
    ]);
    expect(progress[3]?.reason).toBe(
      'Your goal date for “Draft” passed 1 day ago; 1 of 2 checkpoints to go.',
    );
  });
});

describe('feedback loop latency', () => {
  it('measures submission to first feedback and how long the rest have waited', () => {
    const { submissions, feedback } = feedbackFactsFrom(events);
    const loop = feedbackLoop(submissions, feedback, d(26, '12'));
    expect(loop.turnarounds).toEqual([
      {
        submissionId: 's-1',
        docId: 'd',
        submittedAt: d(25, '10'),
        firstFeedbackAt: d(25, '14'),
        latencyMs: 4 * 3_600_000,
      },
      { submissionId: 's-2', docId: 'd', submittedAt: d(26, '09'), waitingMs: 3 * 3_600_000 },
    ]);
    expect(loop.medianLatencyMs).toBe(4 * 3_600_000);
    expect(loop.waiting).toBe(1);
    expect(loop.reason).toBe(
      'Feedback arrives in 4 hours (median of 1). 1 submission waiting, the longest for 3 hours.',
    );
  });

  it('says so when nothing was submitted', () => {
    expect(feedbackLoop([], [], d(26)).reason).toBe('Nothing submitted yet.');
  });
});
