import type { Action } from '@shared/domain/types';
import { Icon } from '../components/Icon';
import { RiskBadge } from '../components/RiskBadge';
import { Spinner } from '../components/Spinner';
import { DraftPreview } from './DraftPreview';
import { EventPreview } from './EventPreview';
import { FileCreatePreviewView, FileRenamePreviewView, FilesMovePreviewView, FilesTrashPreviewView } from './FilesPreview';
import { FlagsPreview } from './FlagsPreview';
import { MovePreview } from './MovePreview';
import { HELD_WORDS } from './PauseWait';
import { StepCaution } from './StepCaution';

interface PlanStepProps {
  readonly action: Action;
  readonly index: number;
  /** After approval the step shows what happened instead of the preview. */
  readonly outcome?: boolean;
}

/** One concrete step of a plan, with a preview of exactly what it would do. */
export function PlanStep({ action, index, outcome = false }: PlanStepProps) {
  return (
    <li className="plan-step">
      <div className="plan-step__head">
        <StepMarker action={action} index={index} />
        <span className="plan-step__title">{outcome && action.status === 'done' && action.result ? action.result : action.title}</span>
        {outcome ? null : <RiskBadge risk={action.risk} />}
      </div>
      {action.decision === 'deny' && !outcome ? (
        <p className="plan-step__note plan-step__note--attention">Your permissions deny this step, so it will not run.</p>
      ) : null}
      {!outcome && action.error && (action.status === 'failed' || action.status === 'cancelled' || action.status === 'interrupted') ? (
        <p className="plan-step__note plan-step__note--attention">{action.error}</p>
      ) : null}
      {!outcome && action.caution ? <StepCaution caution={action.caution} /> : null}
      {outcome ? <StepOutcome action={action} /> : <StepPreview action={action} />}
    </li>
  );
}

function StepPreview({ action }: { action: Action }) {
  switch (action.preview.kind) {
    case 'move':
      return <MovePreview preview={action.preview} />;
    case 'draft':
      return <DraftPreview preview={action.preview} capability={action.capability} />;
    case 'flags':
      return <FlagsPreview preview={action.preview} />;
    case 'event':
      return <EventPreview preview={action.preview} />;
    case 'files-move':
      return <FilesMovePreviewView preview={action.preview} />;
    case 'files-trash':
      return <FilesTrashPreviewView preview={action.preview} />;
    case 'file-rename':
      return <FileRenamePreviewView preview={action.preview} />;
    case 'file-create':
      return <FileCreatePreviewView preview={action.preview} />;
  }
}

function StepOutcome({ action }: { action: Action }) {
  if (action.status === 'held') return <p className="plan-step__note">{HELD_WORDS}.</p>;
  if (action.status === 'failed' || action.status === 'interrupted' || action.status === 'cancelled') {
    return <p className="plan-step__note plan-step__note--attention">{action.error ?? 'This step did not run.'}</p>;
  }
  if (action.status === 'undone') {
    // Undoing an answer is a second answer: say so, nobody should think the first one vanished.
    if (action.capability === 'calendar.respond') return <p className="plan-step__note">Undone: your previous answer was sent again, and the organiser sees both answers.</p>;
    return <p className="plan-step__note">Undone.</p>;
  }
  // Said plainly, so nobody looks for an Undo that cannot exist.
  if (action.status === 'done' && action.capability === 'email.send') return <p className="plan-step__note">Sent. Mail cannot be unsent.</p>;
  // A done step already shows its result as its title.
  return null;
}

function StepMarker({ action, index }: { action: Action; index: number }) {
  switch (action.status) {
    case 'running':
      return (
        <span className="plan-step__marker" aria-label="Running">
          <Spinner size={12} />
        </span>
      );
    case 'done':
      return (
        <span className="plan-step__marker plan-step__marker--done" aria-label="Done">
          <Icon name="check" size={12} />
        </span>
      );
    case 'failed':
    case 'interrupted':
    case 'cancelled':
      return (
        <span className="plan-step__marker plan-step__marker--attention" aria-label="Did not run">
          <Icon name="x" size={12} />
        </span>
      );
    case 'undone':
      return (
        <span className="plan-step__marker" aria-label="Undone">
          <Icon name="undo" size={12} />
        </span>
      );
    case 'scheduled':
      return (
        <span className="plan-step__marker" aria-label="Waiting to be sent">
          <Icon name="clock" size={12} />
        </span>
      );
    case 'held':
      return (
        <span className="plan-step__marker" role="img" aria-label={HELD_WORDS}>
          <Icon name="pause" size={12} />
        </span>
      );
    default:
      return (
        <span className="plan-step__marker" aria-label={`Step ${index + 1}`}>
          {index + 1}
        </span>
      );
  }
}
