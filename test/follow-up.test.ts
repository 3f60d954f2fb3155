import { describe, expect, it } from 'vitest';
import { questionSubject, withConversationSubject } from '../src/answer/follow-up';

describe('follow-up questions', () => {
  it('finds the names and numbered parts a question is about, not its question words', () => {
    expect(questionSubject('What is happening with Jessica Jones season 2?')).toBe('Jessica Jones season 2');
    expect(questionSubject('Who is Janet McTeer playing?')).toBe('Janet McTeer');
    expect(questionSubject('Is The Walking Dead renewed?')).toBe('Walking Dead');
    expect(questionSubject('When does it come out?')).toBe('');
  });

  it('carries the latest subject of the conversation into a question that names none', () => {
    const earlier = ['Who is Janet McTeer playing?', 'What is happening with Jessica Jones season 2?'];
    expect(withConversationSubject('when does it come out?', earlier)).toBe(
      'when does it come out? Jessica Jones season 2',
    );
    expect(withConversationSubject('And who plays Trish?', earlier)).toBe('And who plays Trish?');
    expect(withConversationSubject('What about season 3?', earlier)).toBe('What about season 3? Jessica Jones');
    expect(withConversationSubject('when does it come out?', [])).toBe('when does it come out?');
  });
});
