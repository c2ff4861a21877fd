import { z } from 'zod';
import { ImageUrl, MAX_IMAGES_PER_MESSAGE } from './images.js';
import { ApprovalPolicy, ReasoningEffort, ReviewDecision, SandboxPolicy } from './policy.js';

/**
 * What a person's message is made of: text, and images as data URLs (Codex's `InputItem::Image`, sent to the
 * model as `input_image`).
 */
export const InputItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), image_url: ImageUrl }),
]);
export type InputItem = z.infer<typeof InputItem>;

const UserInputItems = z
  .array(InputItem)
  .min(1)
  .refine((items) => items.filter((item) => item.type === 'image').length <= MAX_IMAGES_PER_MESSAGE, {
    message: `A message may carry at most ${MAX_IMAGES_PER_MESSAGE} images.`,
  });

/** Everything a client can ask of a session. Wire names are Codex's `Op`. */
export const Op = z.discriminatedUnion('type', [
  /** Starts a turn, or joins the running one before its next model request. */
  z.object({ type: z.literal('user_input'), items: UserInputItems }),
  /** `id` is the `call_id` of the pending `exec_approval_request`. */
  z.object({ type: z.literal('exec_approval'), id: z.string().min(1), decision: ReviewDecision }),
  /** `id` is the `call_id` of the pending `apply_patch_approval_request`. */
  z.object({ type: z.literal('patch_approval'), id: z.string().min(1), decision: ReviewDecision }),
  z.object({ type: z.literal('interrupt') }),
  /** Restores the files of the latest turn snapshot. */
  z.object({ type: z.literal('undo') }),
  /** Takes the last `num_turns` turns out of the conversation (Codex: thread rollback). */
  z.object({ type: z.literal('thread_rollback'), num_turns: z.number().int().min(1) }),
  z.object({ type: z.literal('compact') }),
  z.object({
    type: z.literal('override_turn_context'),
    cwd: z.string().min(1).optional(),
    approval_policy: ApprovalPolicy.optional(),
    sandbox_policy: SandboxPolicy.optional(),
    model: z.string().min(1).optional(),
    effort: ReasoningEffort.optional(),
    /**
     * Tandem's addition: keep the conversation on the provider's side (`store: true`) and chain requests with
     * `previous_response_id`, sending only what is new; off sends the whole conversation every time.
     */
    server_state: z.boolean().optional(),
  }),
  z.object({ type: z.literal('shutdown') }),
]);
export type Op = z.infer<typeof Op>;
export type OpType = Op['type'];
export type OpOf<T extends OpType> = Extract<Op, { type: T }>;

/** An op with the id its events will carry. */
export const Submission = z.object({
  id: z.string().min(1).max(200).optional(),
  op: Op,
});
export type Submission = z.infer<typeof Submission>;
