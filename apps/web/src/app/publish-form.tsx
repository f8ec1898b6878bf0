import { useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Video } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, CATEGORIES, type Category, DEMO_CLIPS } from './platform';
import { navigate } from './use-route';

/** Publish one of the demo clips with a title, category and description. */
export function PublishForm() {
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<Category>('world');
  const [description, setDescription] = useState('');
  const [clip, setClip] = useState(DEMO_CLIPS[0]);
  // Read from the preview's metadata, so the published duration is the clip's own.
  const [durationSec, setDurationSec] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await body<Video>(
        api.POST('/api/v1/videos', {
          body: {
            title,
            category,
            ...(description ? { description } : {}),
            mediaUrl: `/media/${clip}.mp4`,
            coverUrl: `/media/${clip}.jpg`,
            durationSec: Math.max(1, Math.round(durationSec ?? 1)),
          },
        }),
      );
      navigate('#/');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel publish" onSubmit={(e) => void submit(e)} aria-labelledby="publish-title">
      <h1 id="publish-title">Publish a video</h1>
      <label for="title">Title</label>
      <input
        id="title"
        value={title}
        onInput={(e) => setTitle(e.currentTarget.value)}
        maxLength={120}
        required
      />
      <label for="category">Category</label>
      <select
        id="category"
        value={category}
        onChange={(e) => setCategory(e.currentTarget.value as Category)}
      >
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label for="description">Description</label>
      <textarea
        id="description"
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
        maxLength={2000}
        rows={3}
      />
      <label for="clip">Clip</label>
      <select
        id="clip"
        value={clip}
        onChange={(e) => (setClip(e.currentTarget.value), setDurationSec(undefined))}
      >
        {DEMO_CLIPS.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <video
        class="preview"
        src={`/media/${clip}.mp4`}
        poster={`/media/${clip}.jpg`}
        muted
        playsInline
        controls
        preload="metadata"
        aria-label={`Preview of ${clip}`}
        onLoadedMetadata={(e) => setDurationSec(e.currentTarget.duration)}
      />
      <ErrorMessage error={error} />
      <button type="submit" class="primary" disabled={busy}>
        Publish
      </button>
    </form>
  );
}
