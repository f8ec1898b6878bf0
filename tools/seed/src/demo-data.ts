/** Password of every demo account (printed by `npm start`). */
export const DEMO_PASSWORD = 'newsreel-demo';

/** Demo users: `username`, display name, and whom they follow. */
export const DEMO_USERS = [
  { username: 'alice', displayName: 'Alice Chen', follows: ['carol'] },
  { username: 'bob', displayName: 'Bob Okafor', follows: ['alice', 'carol'] },
  { username: 'carol', displayName: 'Carol Ruiz', follows: ['alice'] },
] as const;

/** A demo video; `clip` names the file pair in assets/media. */
export interface DemoVideo {
  author: (typeof DEMO_USERS)[number]['username'];
  title: string;
  /** One of the platform's categories (world, tech, sports, culture, business, science). */
  category: string;
  description: string;
  clip: string;
}

/** A dozen news videos across every category, oldest first. */
export const DEMO_VIDEOS: DemoVideo[] = [
  {
    author: 'alice',
    title: 'Chip makers race to 1 nm',
    category: 'tech',
    description: 'What the next node means for phones and data centres.',
    clip: 'clip-01',
  },
  {
    author: 'carol',
    title: 'Harbour reopens after the storm',
    category: 'world',
    description: 'Ships return to the port a week after the surge.',
    clip: 'clip-02',
  },
  {
    author: 'bob',
    title: 'Underdogs take the cup',
    category: 'sports',
    description: 'A late goal settles a final nobody predicted.',
    clip: 'clip-03',
  },
  {
    author: 'alice',
    title: 'Open-source AI models, explained',
    category: 'tech',
    description: 'Weights, licences and what "open" means here.',
    clip: 'clip-04',
  },
  {
    author: 'carol',
    title: 'The museum that prints its statues',
    category: 'culture',
    description: 'Restorers use 3D scans to replace lost pieces.',
    clip: 'clip-05',
  },
  {
    author: 'bob',
    title: 'Markets shrug off the rate decision',
    category: 'business',
    description: 'Why investors had priced it in weeks ago.',
    clip: 'clip-06',
  },
  {
    author: 'alice',
    title: 'A comet visible to the naked eye',
    category: 'science',
    description: 'Where and when to look this week.',
    clip: 'clip-07',
  },
  {
    author: 'carol',
    title: 'Night trains are back',
    category: 'world',
    description: 'New sleeper routes link five capitals.',
    clip: 'clip-08',
  },
  {
    author: 'bob',
    title: 'Marathon record falls by 40 seconds',
    category: 'sports',
    description: 'Pacing, shoes and a perfect morning.',
    clip: 'clip-09',
  },
  {
    author: 'alice',
    title: 'How batteries are recycled',
    category: 'science',
    description: 'From shredder to new cathodes in four steps.',
    clip: 'clip-10',
  },
  {
    author: 'carol',
    title: 'Small shops, big delivery apps',
    category: 'business',
    description: 'Who keeps the margin on a doorstep order.',
    clip: 'clip-11',
  },
  {
    author: 'bob',
    title: 'A festival of silent films',
    category: 'culture',
    description: 'Live orchestras, century-old reels.',
    clip: 'clip-12',
  },
];
