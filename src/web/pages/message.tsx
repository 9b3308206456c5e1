import { Layout } from '../components/layout.js';
import { usePage } from '../render.js';

/** A page that only says something: not found, not allowed, a stale form, an error. */
export function MessagePage({ title, text }: { title: string; text: string }) {
  const { m } = usePage();
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">{m.backHome}</a>
      </p>
    </Layout>
  );
}
