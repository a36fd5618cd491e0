import { Icon } from '../components/Icon';

/** Two quiet card shapes while the first list loads. */
export function LoadingCards() {
  return (
    <div className="card-list" aria-busy="true" aria-label="Loading">
      <div className="card card--placeholder" />
      <div className="card card--placeholder" />
    </div>
  );
}

export function ListError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="empty-state" role="alert">
      <div className="empty-state__icon empty-state__icon--attention">
        <Icon name="alert" size={22} />
      </div>
      <p className="empty-state__title">Could not load this list</p>
      <p className="empty-state__text">{message}</p>
      <button type="button" className="button button--secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
