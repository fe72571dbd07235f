/**
 * Learner questions over the demo content (scripts/demo-content/courses), each labelled with the
 * lesson(s) that answer it, by title. Written as learners ask: loosely, with typos of habit, some
 * with code or a traceback, a few in French.
 */
export interface LabelledQuestion {
  question: string;
  lessons: string[];
}

export const LABELLED_QUESTIONS: LabelledQuestion[] = [
  { question: 'How do I run a Python file from the terminal?', lessons: ['Running your first program'] },
  { question: 'how do I write a comment in python', lessons: ['Running your first program'] },
  { question: 'What does type() tell me about a value?', lessons: ['Variables and types'] },
  { question: 'How do I convert a string like "42" to an integer?', lessons: ['Variables and types'] },
  { question: 'Why does int("4.2") raise a ValueError?', lessons: ['Variables and types'] },
  { question: 'Why is 0.1 + 0.2 not equal to 0.3?', lessons: ['Numbers and arithmetic'] },
  { question: "What's the difference between / and // when dividing?", lessons: ['Numbers and arithmetic'] },
  { question: 'can integers overflow in python?', lessons: ['Numbers and arithmetic'] },
  { question: 'What does += do?', lessons: ['Numbers and arithmetic'] },
  { question: 'How do I put a variable inside a string with an f-string?', lessons: ['Strings'] },
  { question: 'How does slicing work on strings, like s[1:4]?', lessons: ['Strings', 'Lists'] },
  { question: 'Why can I not change one character of a string?', lessons: ['Strings'] },
  { question: 'How do I write if / elif / else?', lessons: ['Conditions with if, elif and else'] },
  { question: 'Which values count as False in an if statement?', lessons: ['Conditions with if, elif and else'] },
  { question: 'Is there a one-line if else, like a ternary operator?', lessons: ['Conditions with if, elif and else'] },
  { question: 'How do I loop over numbers from 1 to 10 with range?', lessons: ['Loops: for and while'] },
  { question: 'How do I get the index and the item at the same time in a for loop?', lessons: ['Loops: for and while'] },
  { question: 'What is the difference between break and continue?', lessons: ['Loops: for and while'] },
  { question: 'When does the else block of a loop run?', lessons: ['Loops: for and while'] },
  { question: 'my while loop never stops, why?', lessons: ['Loops: for and while'] },
  { question: 'How do I add an item to the end of a list?', lessons: ['Lists'] },
  { question: 'What is the difference between sort() and sorted()?', lessons: ['Lists'] },
  {
    question: 'I changed b and a changed too:\n```python\na = [1, 2]\nb = a\nb.append(3)\nprint(a)\n```\nwhy?',
    lessons: ['Lists'],
  },
  { question: 'How do I swap two variables without a temporary one?', lessons: ['Tuples and unpacking'] },
  { question: 'How can a function return several values?', lessons: ['Tuples and unpacking', 'def, parameters and return'] },
  { question: 'What is a namedtuple for?', lessons: ['Tuples and unpacking'] },
  { question: 'first, *rest = [1, 2, 3] what does the star do?', lessons: ['Tuples and unpacking'] },
  { question: 'How do I loop over the keys and values of a dict?', lessons: ['Dictionaries'] },
  { question: 'How do I count how many times each word appears?', lessons: ['Dictionaries', 'Picking the right structure'] },
  { question: 'KeyError when I read a missing key from a dictionary, how do I avoid it?', lessons: ['Dictionaries'] },
  { question: 'How do I merge two dictionaries?', lessons: ['Dictionaries'] },
  { question: 'How do I remove duplicates from a list?', lessons: ['Sets'] },
  {
    question: 'Why is checking membership with in faster on a set than on a list?',
    lessons: ['Sets', 'Picking the right structure'],
  },
  { question: 'How do I get the elements two sets have in common?', lessons: ['Sets'] },
  { question: 'How do I write a list comprehension with a condition?', lessons: ['Comprehensions'] },
  { question: 'What is a generator expression and when should I use one?', lessons: ['Comprehensions'] },
  { question: 'How do I build a dict with a comprehension?', lessons: ['Comprehensions'] },
  { question: 'Should I use a list, a tuple, a dict or a set?', lessons: ['Picking the right structure'] },
  { question: 'What are Counter, defaultdict and deque?', lessons: ['Picking the right structure'] },
  { question: 'What does a function return if there is no return statement?', lessons: ['def, parameters and return'] },
  { question: 'How do I add type hints to a function?', lessons: ['def, parameters and return'] },
  {
    question: 'Why does my default list argument keep the values from the last call?',
    lessons: ['Default and keyword arguments'],
  },
  { question: 'What are keyword-only arguments?', lessons: ['Default and keyword arguments'] },
  { question: 'What do *args and **kwargs mean?', lessons: ['*args and **kwargs'] },
  { question: 'How do I pass a list as separate arguments to a function?', lessons: ['*args and **kwargs'] },
  {
    question: "UnboundLocalError: local variable 'count' referenced before assignment",
    lessons: ['Scope and closures'],
  },
  { question: 'What is a closure?', lessons: ['Scope and closures'] },
  { question: 'When do I need the nonlocal keyword?', lessons: ['Scope and closures'] },
  { question: 'How do I write a lambda to sort by the second item?', lessons: ['Lambdas and higher-order functions'] },
  { question: 'What do map and filter do?', lessons: ['Lambdas and higher-order functions'] },
  { question: 'What is a decorator in Python?', lessons: ['Decorators'] },
  { question: 'Why use functools.wraps in a decorator?', lessons: ['Decorators'] },
  { question: 'How do I write a decorator that takes arguments?', lessons: ['Decorators'] },
  { question: 'Comment parcourir les clés et les valeurs d’un dictionnaire ?', lessons: ['Dictionaries'] },
  {
    question: 'Quelle est la différence entre une liste et un tuple ?',
    lessons: ['Tuples and unpacking', 'Picking the right structure'],
  },
];
