import { useSyncExternalStore } from 'react';
import type { SignInCard } from '@commonplace/shared';

/**
 * Sign-in cards made in this tab, per classroom, newest secret per student. Kept in memory
 * only: the server stores nothing but a hash of each secret, and a secret should not sit in
 * browser storage on a shared computer. Printing a card later means resetting its secret.
 */
const cards = new Map<string, SignInCard[]>();
const listeners = new Set<() => void>();
const EMPTY: SignInCard[] = [];

export function addSignInCard(classroomId: string, card: SignInCard): void {
  const others = (cards.get(classroomId) ?? []).filter((c) => c.studentId !== card.studentId);
  cards.set(classroomId, [...others, card]);
  listeners.forEach((listener) => listener());
}

/** On sign-out: the next person at this computer must not find another class's secrets. */
export function clearSignInCards(): void {
  cards.clear();
  listeners.forEach((listener) => listener());
}

export function useSignInCards(classroomId: string): SignInCard[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => cards.get(classroomId) ?? EMPTY,
  );
}
